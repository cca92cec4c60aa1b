import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startCliServer, uuidOf } from '../helpers/cli.js';

const server = startCliServer();
const webUuid = uuidOf(server, 'VM', server.fixture.web);
const get = (sel: string) => runCli(['vm', 'get', sel, 'name-label'], { server });

test('a VM by name-label, uuid, uuid prefix and OpaqueRef', async () => {
  for (const sel of ['web01', webUuid, webUuid.slice(0, 8), server.fixture.web]) {
    const r = await get(sel);
    assert.equal(r.code, 0, `${sel}: ${r.stderr}`);
    assert.equal(r.stdout, 'web01\n');
  }
});

test('a prefix shorter than 6 characters is not a selector', async () => {
  const r = await get(webUuid.slice(0, 5));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no vm matches/);
});

test('no match: exit 1, NOT_FOUND', async () => {
  const r = await get('nosuchvm');
  assert.equal(r.code, 1);
  assert.equal(r.stderr, "xenctl: no vm matches 'nosuchvm' [NOT_FOUND vm nosuchvm]\n");
});

test('several matches: exit 1 with the candidates listed', async () => {
  const r = await get('twin');
  assert.equal(r.code, 1);
  for (const ref of server.twins) assert.ok(r.stderr.includes(uuidOf(server, 'VM', ref)), r.stderr);
  assert.match(r.stderr, /\[AMBIGUOUS vm twin\]/);
});

test('several matches with -o json: the error as JSON on stderr', async () => {
  const r = await runCli(['vm', 'get', 'twin', '-o', 'json'], { server });
  assert.equal(r.code, 1);
  const err = (JSON.parse(r.stderr) as { error: { code: string; params: string[]; message: string } }).error;
  assert.equal(err.code, 'AMBIGUOUS');
  assert.deepEqual(err.params, ['vm', 'twin']);
  assert.equal(r.stdout, '');
});

test('on a TTY the choice hook picks among the candidates', async () => {
  let offered = 0;
  const r = await runCli(['vm', 'get', 'twin', 'uuid'], {
    server,
    isTTY: true,
    choose: async (_noun, _sel, candidates) => {
      offered = candidates.length;
      return candidates[1];
    },
  });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(offered, 2);
  assert.ok(server.twins.some((ref) => r.stdout === `${uuidOf(server, 'VM', ref)}\n`));
});

test('Ref flags accept selectors too (VM.assert_can_boot_here --host host1)', async () => {
  const r = await runCli(['vm', 'assert-can-boot-here', 'db01', '--host', 'nosuchhost'], { server });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no host matches 'nosuchhost'/);
});

test('a subject name that matches several subjects: exit 1 with the candidates listed', async () => {
  for (const id of ['u-one', 'u-two']) {
    const r = await runCli(['call', 'subject.create', JSON.stringify({ subject_identifier: id, other_config: { 'subject-name': 'dup' } })], { server });
    assert.equal(r.code, 0, r.stderr);
  }
  const r = await runCli(['subject', 'remove', 'dup', '--yes'], { server });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /'dup' matches 2 subject objects: .*\(u-one\).*\(u-two\).* \[AMBIGUOUS subject dup\]\n$/);
});

test('a class without get_by_name_label (pool, subject) is selected by the name its list shows', async () => {
  const { startDemoServer } = await import('../helpers/cli.js');
  const demo = startDemoServer();
  const pool = await runCli(['pool', 'get', 'demo', 'name-label'], { server: demo });
  assert.equal(pool.code, 0, pool.stderr);
  assert.equal(pool.stdout, 'demo\n');
  const added = await runCli(['subject', 'create', 'subject-identifier=alice', 'other-config:subject-name=Alice Smith'], { server: demo });
  assert.equal(added.code, 0, added.stderr);
  for (const sel of ['alice', 'Alice Smith']) {
    const r = await runCli(['subject', 'get', sel, 'subject-identifier'], { server: demo });
    assert.equal(r.code, 0, `${sel}: ${r.stderr}`);
    assert.equal(r.stdout, 'alice\n');
  }
  assert.equal((await runCli(['pool', 'get', 'nosuch'], { server: demo })).code, 1);
});
