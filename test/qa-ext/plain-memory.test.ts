// Against a plain xapi (serve --no-extensions) `host list` shows the hosts' free memory as the extension server
// does: host_metrics.memory_free is removed from the datamodel (0 on the wire), so it comes from
// host.compute_free_memory, and it follows the VMs started on the host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startDemoServer } from '../helpers/cli.js';

const argv = ['host', 'list', '-o', 'value', '-c', 'name-label,memory-free', '--sort', 'name-label'];

test('plain xapi: host memory-free is the same as with the extensions, and follows a VM start', async () => {
  const ext = startDemoServer();
  const plain = startDemoServer({ extensions: false });
  const want = (await runCli(argv, { server: ext })).stdout;
  assert.match(want, /^host1\t[1-9]\d+\nhost2\t[1-9]\d+\nhost3\t[1-9]\d+\n$/);
  const p = await runCli(argv, { server: plain });
  assert.equal(p.code, 0, p.stderr);
  assert.equal(p.stdout, want);
  for (const server of [ext, plain]) {
    const r = await runCli(['vm', 'start-on', 'dev01', '--host', 'host3'], { server });
    assert.equal(r.code, 0, r.stderr);
  }
  const after = (await runCli(argv, { server: ext })).stdout;
  assert.notEqual(after, want);
  assert.equal((await runCli(argv, { server: plain })).stdout, after);
  const one = await runCli(['host', 'get', 'host3', 'memory-free'], { server: plain });
  assert.equal(one.stdout, (await runCli(['host', 'get', 'host3', 'memory-free'], { server: ext })).stdout);
});
