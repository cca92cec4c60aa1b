import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startCliServer } from '../helpers/cli.js';

const server = startCliServer();
const names = async (...argv: string[]): Promise<string[]> => {
  const r = await runCli(['vm', 'list', '-o', 'value', '-c', 'name-label', '--sort', 'name-label', ...argv], { server });
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.split('\n').filter((l) => l !== '');
};

test('vm list hides templates, snapshots and control domains by default', async () => {
  assert.deepEqual(await names(), ['db01', 'twin', 'twin', 'web01']);
  assert.deepEqual(await names('--all'), ['Control domain on host1', 'Debian 12', 'db01', 'twin', 'twin', 'web01', 'web01 snap']);
});

test('a --where on a hidden field shows those objects', async () => {
  assert.deepEqual(await names('--where', 'is-a-template=true'), ['Debian 12']);
  assert.deepEqual(await names('--where', 'is-control-domain=true'), ['Control domain on host1']);
  assert.deepEqual(await names('--where', 'is_a_snapshot=true'), ['web01 snap']);
});

test('field=value with enums case-insensitive, field!=value, several ANDed', async () => {
  assert.deepEqual(await names('--where', 'power-state=RUNNING'), ['web01']);
  assert.deepEqual(await names('--where', 'power-state!=running', '--where', 'name-label!=twin'), ['db01']);
});

test('map-field:key=value and set-field=member', async () => {
  assert.deepEqual(await names('--where', 'other-config:owner=ops'), ['web01']);
  assert.deepEqual(await names('--where', 'tags=prod'), ['web01']);
  assert.deepEqual(await names('--where', 'tags!=prod', '--where', 'name-label!=twin'), ['db01']);
});

test('ref fields accept a selector; ints compare as numbers', async () => {
  assert.deepEqual(await names('--where', 'resident-on=host1'), ['web01']);
  assert.deepEqual(await names('--where', 'memory-static-max=2147483648'), ['web01']);
});

test('bad --where: unknown field (did you mean), bad enum value, bad syntax', async () => {
  const r = await runCli(['vm', 'list', '--where', 'power-stat=Running'], { server });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /did you mean 'power-state'/);
  assert.equal((await runCli(['vm', 'list', '--where', 'power-state=Flying'], { server })).code, 2);
  assert.equal((await runCli(['vm', 'list', '--where', 'nonsense'], { server })).code, 2);
  const noKey = await runCli(['vm', 'list', '--where', 'other-config:=x'], { server });
  assert.equal(noKey.code, 2);
  assert.equal(noKey.stderr, 'xenctl: --where other-config: give the key, other-config:KEY=VALUE\n');
  const wholeMap = await runCli(['vm', 'list', '--where', 'other-config=x'], { server });
  assert.equal(wholeMap.code, 2);
  assert.match(wholeMap.stderr, /'other-config' is a map: compare one key/);
});

test('an empty ref value is the null ref (the table shows OpaqueRef:NULL as an empty cell)', async () => {
  const none = await names('--where', 'resident-on=');
  assert.ok(none.includes('db01'), none.join(','));
  assert.ok(!none.includes('web01'));
  const some = await names('--where', 'resident-on!=');
  assert.ok(some.includes('web01'));
  assert.ok(!some.includes('db01'), some.join(','));
});
