// network, host and vm list/get: bandwidth and latency columns, capabilities; on a plain xapi bandwidth comes from
// PIF_metrics.speed, latency and tpm show as unknown, memory and CPUs from host_metrics and cpu_info.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startDemoServer } from '../helpers/cli.js';

const server = startDemoServer();
const plain = startDemoServer({ extensions: false });
const FALLBACK = /^xenctl: this server has no xenctl extensions \(plain xapi\): network bandwidth is the fastest PIF_metrics\.speed/;

test('network list shows bandwidth and latency by default (extension fields), nothing on stderr', async () => {
  const r = await runCli(['network', 'list', '--sort', 'name-label'], { server });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'name-label\tbridge\tMTU\tbandwidth\tlatency\nPool-wide network 0\txenbr0\t1500\t10000\t2\nStorage network\txenbr1\t9000\t10000\t1\n');
  assert.equal(r.stderr, '');
});

test('plain xapi: network bandwidth from PIF_metrics.speed, latency unknown, said on stderr', async () => {
  const r = await runCli(['network', 'list', '--sort', 'name-label'], { server: plain });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'name-label\tbridge\tMTU\tbandwidth\tlatency\nPool-wide network 0\txenbr0\t1500\t10000\tunknown\nStorage network\txenbr1\t9000\t10000\tunknown\n');
  assert.match(r.stderr, FALLBACK);
  assert.equal(r.stderr.split('\n').length, 2, 'one line');
  const json = await runCli(['network', 'list', '-o', 'json', '-c', 'name-label,latency', '--sort', 'name-label'], { server: plain });
  assert.deepEqual(JSON.parse(json.stdout), [{ name_label: 'Pool-wide network 0', latency: 'unknown' }, { name_label: 'Storage network', latency: 'unknown' }]);
  const tty = await runCli(['network', 'list'], { server: plain, isTTY: true, env: { HOME: '/nonexistent', NO_COLOR: '1' } });
  assert.match(tty.stdout, /Pool-wide network 0\s+xenbr0\s+1500\s+10 Gbit\/s\s+unknown/);
});

test('host list: capabilities in both modes (memory and CPUs from host_metrics and cpu_info on plain xapi)', async () => {
  const argv = ['host', 'list', '-o', 'value', '-c', 'name-label,memory-total,cpu-count,bandwidth', '--sort', 'name-label'];
  const want = 'host1\t68719476736\t16\t10000\nhost2\t34359738368\t8\t10000\nhost3\t17179869184\t4\t1000\n';
  assert.equal((await runCli(argv, { server })).stdout, want);
  const p = await runCli(argv, { server: plain });
  assert.equal(p.stdout, want);
  assert.match(p.stderr, /plain xapi\): host memory from host_metrics/);
  const tpm = await runCli(['host', 'get', 'host1', 'tpm'], { server });
  assert.equal(tpm.stdout, 'true\n');
  const unknown = await runCli(['host', 'list', '-o', 'value', '-c', 'tpm', '--where', 'name-label=host1'], { server: plain });
  assert.equal(unknown.stdout, 'unknown\n');
});

test('plain xapi: get shows the same fallback values as list (profile from tags, host memory from host_metrics)', async () => {
  const profile = await runCli(['vm', 'get', 'db01', 'profile', '-o', 'json'], { server: plain });
  assert.equal(profile.code, 0, profile.stderr);
  assert.deepEqual(JSON.parse(profile.stdout), ['dbms host']);
  assert.match(profile.stderr, /plain xapi\): VM profiles are read from tags 'profile:VALUE'/);
  const mem = await runCli(['host', 'get', 'host2', 'memory-total'], { server: plain });
  assert.equal(mem.stdout, '34359738368\n');
  const rec = await runCli(['network', 'get', 'Storage network', '-o', 'json'], { server: plain });
  const net = JSON.parse(rec.stdout) as Record<string, unknown>;
  assert.equal(net['bandwidth'], 10000);
  assert.equal(net['latency'], 'unknown');
  const ext = await runCli(['vm', 'get', 'db01', 'profile', '-o', 'json'], { server });
  assert.deepEqual(JSON.parse(ext.stdout), ['dbms host']);
  assert.equal(ext.stderr, '');
});

test('vm list --dry-run against a plain xapi: detection is not a recorded change', async () => {
  const r = await runCli(['vm', 'list', '--dry-run', '-o', 'minimal', '-c', 'name-label', '--where', 'profile=dbms host'], { server: plain });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'db01\n');
});
