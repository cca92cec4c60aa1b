import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startCliServer } from '../helpers/cli.js';

const server = startCliServer();
const run = (...argv: string[]) => runCli(argv, { server });
const field = (name: string) => server.store.get('VM', server.fixture.db)?.[name];

test('set a plain field, wire or CLI spelling', async () => {
  assert.equal((await run('vm', 'set', 'db01', 'name-description=the db')).code, 0);
  assert.equal(field('name_description'), 'the db');
  assert.equal((await run('vm', 'set', 'db01', 'name_description=again')).code, 0);
  assert.equal(field('name_description'), 'again');
});

test('set a map key (twice: the second replaces the value)', async () => {
  assert.equal((await run('vm', 'set', 'db01', 'other-config:role=primary')).code, 0);
  assert.equal((await run('vm', 'set', 'db01', 'other-config:role=replica')).code, 0);
  assert.deepEqual({ ...(field('other_config') as object) }, { role: 'replica' });
});

test('remove a map key: map-field-=KEY (on a class whose map has no hand-written remove verb too)', async () => {
  assert.equal((await run('vm', 'set', 'db01', 'other-config:gone=1', 'other-config:kept=2')).code, 0);
  assert.equal((await run('vm', 'set', 'db01', 'other-config-=gone')).code, 0);
  const oc = field('other_config') as Record<string, string>;
  assert.equal(oc['gone'], undefined);
  assert.equal(oc['kept'], '2');
  assert.equal((await run('network', 'set', 'net0', 'other-config:a=1')).code, 0);
  assert.equal((await run('network', 'set', 'net0', 'other-config-=a')).code, 0);
  assert.deepEqual({ ...(server.store.get('network', server.fixture.network)?.['other_config'] as object) }, {});
  const empty = await run('vm', 'set', 'db01', 'other-config-=');
  assert.equal(empty.code, 2);
  assert.equal(empty.stderr, 'xenctl: use other-config-=KEY to remove a key\n');
});

test('add and remove set members', async () => {
  assert.equal((await run('vm', 'set', 'db01', 'tags+=a', 'tags+=b')).code, 0);
  assert.deepEqual(field('tags'), ['a', 'b']);
  assert.equal((await run('vm', 'set', 'db01', 'tags-=a')).code, 0);
  assert.deepEqual(field('tags'), ['b']);
  const r = await run('vm', 'get', 'db01', 'tags', '-o', 'json');
  assert.equal(r.stdout, '[\n  "b"\n]\n');
});

test('typed values: ints, bools, enums case-insensitively', async () => {
  assert.equal((await run('vm', 'set', 'db01', 'is-a-template=false', 'actions-after-crash=Restart')).code, 0);
  assert.equal(field('actions_after_crash'), 'restart');
  const bad = await run('vm', 'set', 'db01', 'actions-after-crash=explode');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /must be one of/);
});

test('read-only fields, unknown fields and bad syntax are usage errors', async () => {
  const ro = await run('vm', 'set', 'db01', 'power-state=Running');
  assert.equal(ro.code, 2);
  assert.match(ro.stderr, /cannot be set/);
  const unknown = await run('vm', 'set', 'db01', 'name-lable=x');
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /did you mean 'name-label'/);
  assert.equal((await run('vm', 'set', 'db01', 'nonsense')).code, 2);
  assert.equal((await run('vm', 'set', 'db01', 'name-label+=x')).code, 2);
  const noKey = await run('vm', 'set', 'db01', 'other-config:=v');
  assert.equal(noKey.code, 2);
  assert.equal(noKey.stderr, 'xenctl: use other-config:KEY=VALUE to set a key\n');
  assert.equal((server.store.get('VM', server.fixture.db)?.['other_config'] as Record<string, string>)[''], undefined);
});

test('create prints the new ref and uuid; destroy removes it', async () => {
  const r = await run('network', 'create', 'name-label=lab', 'other-config:purpose=test', '-o', 'json');
  assert.equal(r.code, 0, r.stderr);
  const made = JSON.parse(r.stdout) as { ref: string; uuid: string };
  assert.match(made.ref, /^OpaqueRef:/);
  assert.equal(server.store.get('network', made.ref)?.['uuid'], made.uuid);
  assert.equal(server.store.get('network', made.ref)?.['name_label'], 'lab');
  const d = await run('network', 'destroy', made.uuid);
  assert.equal(d.code, 0, d.stderr);
  assert.equal(server.store.has('network', made.ref), false);
});

test('destroy asks on a terminal: "no" exits 130 and keeps the object; --yes and pipes do not ask', async () => {
  const made = JSON.parse((await run('network', 'create', 'name-label=doomed', '-o', 'json')).stdout) as { ref: string };
  const asked: string[] = [];
  const no = await runCli(['network', 'destroy', 'doomed'], { server, isTTY: true, confirm: async (q) => (asked.push(q), false) });
  assert.equal(no.code, 130);
  assert.match(no.stderr, /declined/);
  assert.deepEqual(asked, ['Destroy network doomed?']);
  assert.ok(server.store.has('network', made.ref));
  const yes = await runCli(['network', 'destroy', 'doomed', '--yes'], { server, isTTY: true, confirm: async () => assert.fail('asked despite --yes') });
  assert.equal(yes.code, 0, yes.stderr);
  assert.equal(server.store.has('network', made.ref), false);
});

test('help of set and create lists the fields with their types; set names the roles allowed', async () => {
  const set = await run('help', 'vm', 'set');
  assert.equal(set.code, 0);
  assert.match(set.stdout, /^FIELDS /m);
  assert.match(set.stdout, /^ {2}name-label +string$/m);
  assert.match(set.stdout, /^ {2}other-config +\(string -> string\) map$/m);
  assert.match(set.stdout, /^ {2}tags +string set \[roles: pool-admin, pool-operator, vm-power-admin, vm-admin, vm-operator\]$/m);
  assert.match(set.stdout, /FIELD:KEY=VALUE sets a key, FIELD-=KEY removes it/);
  assert.match(set.stdout, /^ {2}affinity +host ref \[roles: pool-admin, pool-operator, vm-power-admin\]$/m);
  assert.match(set.stdout, /ROLES ALLOWED\n {2}pool-admin, pool-operator, vm-power-admin, vm-admin\n/);
  const create = await run('network', 'create', '--help');
  assert.match(create.stdout, /^ {2}MTU +int$/m);
  assert.doesNotMatch(create.stdout, /^ {2}PIFs /m);
});

test('create refuses a field the server fills in (usage error, nothing created)', async () => {
  const before = [...server.store.all('network')].length;
  const r = await run('network', 'create', 'name-label=n1', 'PIFs=');
  assert.equal(r.code, 2);
  assert.equal(r.stderr, 'xenctl: PIFs cannot be given to create (the server fills it in)\n');
  assert.equal([...server.store.all('network')].length, before);
});

test('a very long bad value is cut in the one-line error (exit 2)', async () => {
  const server = startCliServer();
  const r = await runCli(['vm', 'set', 'web01', `HVM-shadow-multiplier=${'x'.repeat(100_000)}`], { server });
  assert.equal(r.code, 2);
  assert.equal(r.stderr.split('\n').filter(Boolean).length, 1);
  assert.ok(r.stderr.length < 300, r.stderr.slice(0, 300));
  assert.match(r.stderr, /takes a number, not 'x{60}…' \(100000 characters\)/);
});

test('several assignments: all parsed before any change; a server refusal names what was already set', async () => {
  const bad = await run('vm', 'set', 'db01', 'name-description=first', 'VCPUs-max=lots');
  assert.equal(bad.code, 2);
  assert.notEqual(field('name_description'), 'first', 'a bad value changes nothing');
  const refused = await run('vm', 'set', 'db01', 'name-description=kept', 'requires-bandwidth=-5');
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^xenctl: name-description=kept was set; requires-bandwidth=-5 failed$/m);
  assert.equal(field('name_description'), 'kept');
});

test('ref= clears a reference; set-field+= with nothing is a usage error', async () => {
  const host = String(server.store.get('host', server.fixture.host)?.['name_label']);
  assert.equal((await run('vm', 'set', 'db01', `affinity=${host}`)).code, 0);
  assert.equal(field('affinity'), server.fixture.host);
  const cleared = await run('vm', 'set', 'db01', 'affinity=');
  assert.equal(cleared.code, 0, cleared.stderr);
  assert.equal(field('affinity'), 'OpaqueRef:NULL');
  const empty = await run('vm', 'set', 'db01', 'tags+=');
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /tags\+= needs a value/);
});
