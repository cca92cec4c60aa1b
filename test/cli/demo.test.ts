// The commands against the demo pool (what `local:` starts with), in memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startDemoServer } from '../helpers/cli.js';

const server = startDemoServer();
const run = (...argv: string[]) => runCli(argv, { server });

test('vm list: the demo guests with their host by name, profile, sizes in bytes when piped', async () => {
  const r = await run('vm', 'list', '--sort', 'name-label');
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines[0], 'name-label\tpower-state\tresident-on\tmemory\tVCPUs\tprofile');
  assert.equal(lines.length, 13);
  assert.match(r.stdout, /^db01\tRunning\thost1\t17179869184\t4\tdbms host$/m);
  assert.match(r.stdout, /^mail01\tHalted\t\t\d+\t\d+\tsendmail switch$/m);
});

test('host and network lists show the extension columns', async () => {
  const hosts = await run('host', 'list', '-o', 'value', '-c', 'name-label,memory-total,cpu-count,tpm', '--sort', 'name-label');
  assert.equal(hosts.stdout, 'host1\t68719476736\t16\ttrue\nhost2\t34359738368\t8\tfalse\nhost3\t17179869184\t4\ttrue\n');
  const tty = await runCli(['network', 'list', '--sort', 'name-label'], { server, isTTY: true, env: { NO_COLOR: '1' } });
  assert.match(tty.stdout, /Pool-wide network 0\s+xenbr0\s+1500\s+10 Gbit\/s/);
});

test('the profile set field: add and remove members; --where set membership', async () => {
  assert.equal((await run('vm', 'set', 'test01', 'profile+=web server')).code, 0);
  const web = await run('vm', 'list', '--where', 'profile=web server', '-o', 'minimal', '-c', 'name-label', '--sort', 'name-label');
  assert.equal(web.stdout, 'test01,web01,web02\n');
  assert.equal((await run('vm', 'set', 'test01', 'profile-=web server')).code, 0);
  assert.equal((await run('vm', 'get', 'test01', 'profile', '-o', 'json')).stdout, '[]\n');
});

test('templates and control domains appear with --where or --all', async () => {
  const t = await run('vm', 'list', '--where', 'is-a-template=true', '-o', 'minimal', '-c', 'name-label', '--sort', 'name-label');
  assert.equal(t.stdout, 'Debian 12,Ubuntu 24.04\n');
  const all = await run('vm', 'list', '--all', '-o', 'minimal');
  assert.equal(all.stdout.trim().split(',').length, 17);
});
