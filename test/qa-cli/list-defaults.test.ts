// `vm list` hides templates, snapshots and control domains; a --where on one of them shows those objects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startDemoServer } from '../helpers/cli.js';

const server = startDemoServer();
const run = (...argv: string[]) => runCli(argv, { server });
const names = async (...argv: string[]): Promise<string> => {
  const r = await run('vm', 'list', '-c', 'name-label', '-o', 'minimal', ...argv);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim();
};

test('a snapshot taken with vm snapshot is listed by --where is-a-snapshot=true (xapi marks it a template too)', async () => {
  const snap = await run('vm', 'snapshot', 'web01', '--new-name', 'web01-s1');
  assert.equal(snap.code, 0, snap.stderr);
  assert.equal(await names('--where', 'is-a-snapshot=true'), 'web01-s1');
  assert.doesNotMatch(await names(), /web01-s1/);
  assert.equal(await names('--where', 'is-a-template=true'), 'Debian 12,Ubuntu 24.04');
  assert.match(await names('--all'), /web01-s1/);
});

test('default columns have short headers; columns asked for with -c are headed by their own names', async () => {
  const plain = await run('vm', 'list');
  assert.equal(plain.stdout.split('\n')[0], 'name-label\tpower-state\tresident-on\tmemory\tVCPUs\tprofile');
  const asked = await run('vm', 'list', '-c', 'name-label,memory-static-max,VCPUs-max');
  assert.equal(asked.code, 0, asked.stderr);
  assert.equal(asked.stdout.split('\n')[0], 'name-label\tmemory-static-max\tVCPUs-max');
});
