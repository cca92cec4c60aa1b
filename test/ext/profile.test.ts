// vm profile add|remove|list and `vm list --where profile=...`, against the demo pool with the extensions and
// without them (serve --no-extensions: profiles live in tags `profile:VALUE`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startDemoServer } from '../helpers/cli.js';

const FALLBACK = /^xenctl: this server has no xenctl extensions \(plain xapi\): /m;

for (const extensions of [true, false]) {
  const mode = extensions ? 'extensions' : 'plain xapi';
  const server = startDemoServer({ extensions });
  const run = (...argv: string[]) => runCli(argv, { server });

  test(`${mode}: vm profile list shows the suggestions and the values in use, with their VMs`, async () => {
    const r = await run('vm', 'profile', 'list');
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines[0], 'profile\tsuggested\tcount\tVMs');
    assert.match(r.stdout, /^web server\ttrue\t2\tweb01; web02$/m);
    assert.match(r.stdout, /^dbms host\ttrue\t1\tdb01$/m);
    if (extensions) assert.equal(r.stderr, '');
    else assert.match(r.stderr, FALLBACK);
  });

  test(`${mode}: vm list --where profile="web server"`, async () => {
    const r = await run('vm', 'list', '--where', 'profile=web server', '-o', 'minimal', '-c', 'name-label', '--sort', 'name-label');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'web01,web02\n');
    const not = await run('vm', 'list', '--where', 'profile!=web server', '-o', 'minimal', '-c', 'name-label');
    assert.doesNotMatch(not.stdout, /web0/);
    assert.match(not.stdout, /db01/);
  });

  test(`${mode}: vm list shows the profile column`, async () => {
    const r = await run('vm', 'list', '--where', 'name-label=db01');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^db01\tRunning\thost1\t\d+\t4\tdbms host$/m);
    const json = await run('vm', 'list', '--where', 'name-label=mail01', '-o', 'json', '-c', 'profile');
    assert.deepEqual(JSON.parse(json.stdout), [{ profile: ['sendmail switch'] }]);
  });

  test(`${mode}: vm profile add and remove, any value`, async () => {
    const add = await run('vm', 'profile', 'add', 'test01', 'batch runner');
    assert.equal(add.code, 0, add.stderr);
    assert.equal(add.stdout, '');
    const list = await run('vm', 'profile', 'list', '-o', 'json');
    const rows = JSON.parse(list.stdout) as Array<{ profile: string; suggested: boolean; VMs: string[] }>;
    assert.deepEqual(rows.find((x) => x.profile === 'batch runner'), { profile: 'batch runner', suggested: false, count: 1, VMs: ['test01'] });
    const tags = await run('vm', 'get', 'test01', 'tags', '-o', 'json');
    const field = await run('vm', 'get', 'test01', 'profile', '-o', 'json');
    if (extensions) {
      assert.deepEqual(JSON.parse(field.stdout), ['batch runner']);
      assert.deepEqual(JSON.parse(tags.stdout), []);
    } else {
      assert.deepEqual(JSON.parse(tags.stdout), ['profile:batch runner']);
      assert.match(add.stderr, FALLBACK);
      assert.match(add.stderr, /tag 'profile:batch runner'/);
    }
    const where = await run('vm', 'list', '--where', 'profile=batch runner', '-o', 'minimal', '-c', 'name-label');
    assert.equal(where.stdout, 'test01\n');
    assert.equal((await run('vm', 'profile', 'remove', 'test01', 'batch runner')).code, 0);
    const after = await run('vm', 'profile', 'list', '-o', 'json');
    assert.ok(!(JSON.parse(after.stdout) as Array<{ profile: string }>).some((x) => x.profile === 'batch runner'));
  });
}

test('vm profile add: an empty value is a usage error; an unknown VM exits 1', async () => {
  const server = startDemoServer();
  assert.equal((await runCli(['vm', 'profile', 'add', 'test01', ''], { server })).code, 2);
  assert.equal((await runCli(['vm', 'profile', 'add', 'nosuchvm', 'web server'], { server })).code, 1);
});

test('vm profile add --dry-run records the call and changes nothing', async () => {
  const server = startDemoServer();
  const r = await runCli(['vm', 'profile', 'add', 'test02', 'web server', '--dry-run'], { server });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^VM\.add_profile OpaqueRef:\S+ 'web server'$/m);
  const after = await runCli(['vm', 'get', 'test02', 'profile', '-o', 'json'], { server });
  assert.deepEqual(JSON.parse(after.stdout), []);
});

test('plain xapi: vm set profile=..., profile+=, profile-= keep the profile in tags; another extension field says it cannot', async () => {
  const server = startDemoServer({ extensions: false });
  const run = (...argv: string[]) => runCli(argv, { server });
  const tags = async (): Promise<string[]> => (JSON.parse((await run('vm', 'get', 'mail01', 'tags', '-o', 'json')).stdout) as string[]).sort();
  const set = await run('vm', 'set', 'mail01', 'profile=web server,dbms host');
  assert.equal(set.code, 0, set.stderr);
  assert.match(set.stderr, FALLBACK);
  assert.deepEqual(await tags(), ['profile:dbms host', 'profile:web server'], 'the old sendmail switch tag went, the new ones came');
  assert.equal((await run('vm', 'set', 'mail01', 'profile+=batch', 'profile-=web server')).code, 0);
  assert.deepEqual(await tags(), ['profile:batch', 'profile:dbms host']);
  const json = await run('vm', 'list', '--where', 'name-label=mail01', '-o', 'json', '-c', 'profile');
  assert.deepEqual(JSON.parse(json.stdout), [{ profile: ['dbms host', 'batch'] }]);
  const other = await run('vm', 'set', 'mail01', 'requires-tpm=true');
  assert.equal(other.code, 1);
  assert.match(other.stderr, /NOT_IMPLEMENTED VM\.set_requires_tpm .*extension field/);
});
