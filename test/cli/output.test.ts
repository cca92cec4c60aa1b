import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startCliServer, uuidOf } from '../helpers/cli.js';

const server = startCliServer();
const run = (...argv: string[]) => runCli(argv, { server });

test('vm list -o json: array of records, ref first, wire names, exact ints', async () => {
  const r = await run('vm', 'list', '-o', 'json');
  assert.equal(r.code, 0, r.stderr);
  const list = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
  const web = list.find((x) => x['name_label'] === 'web01');
  assert.ok(web !== undefined);
  assert.equal(Object.keys(web)[0], 'ref');
  assert.equal(web['ref'], server.fixture.web);
  assert.equal(web['power_state'], 'Running');
  assert.equal(web['memory_static_max'], 2147483648);
  assert.match(r.stdout, /"memory_static_max": 2147483648,/);
});

test('-o ndjson: one record a line; -c restricts members', async () => {
  const r = await run('vm', 'list', '-o', 'ndjson', '-c', 'name-label,power_state', '--sort', 'name-label');
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.deepEqual(JSON.parse(lines[0] ?? ''), { name_label: 'db01', power_state: 'Halted' });
  assert.equal(lines.length, 4);
});

test('-o yaml, -o csv, -o value', async () => {
  const y = await run('vm', 'get', 'web01', 'name-label', 'power-state', '-o', 'yaml');
  assert.equal(y.stdout, 'name_label: web01\npower_state: Running\n');
  const c = await run('vm', 'list', '-o', 'csv', '-c', 'name-label,memory-static-max', '--where', 'name-label=web01');
  assert.equal(c.stdout, 'name_label,memory_static_max\nweb01,2147483648\n');
  const v = await run('vm', 'list', '-o', 'value', '-c', 'name-label,power-state', '--sort=-name-label', '--where', 'name-label!=twin');
  assert.equal(v.stdout, 'web01\tRunning\ndb01\tHalted\n');
});

test('-o minimal: uuids comma-separated, or the single -c field', async () => {
  const r = await run('vm', 'list', '-o', 'minimal', '--where', 'power-state=running');
  assert.equal(r.stdout, `${uuidOf(server, 'VM', server.fixture.web)}\n`);
  const names = await run('vm', 'list', '-o', 'minimal', '-c', 'name-label', '--sort', 'name-label');
  assert.equal(names.stdout, 'db01,twin,twin,web01\n');
});

test('-o xml: methodResponse, Success envelope, structs with ref', async () => {
  const r = await run('vm', 'list', '-o', 'xml', '-c', 'ref,name-label', '--where', 'name-label=web01');
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.stdout.includes('<methodResponse>'));
  assert.ok(r.stdout.includes('<name>Status</name><value>Success</value>'));
  assert.ok(r.stdout.includes(`<name>ref</name><value>${server.fixture.web}</value>`));
  assert.ok(r.stdout.includes('<name>name_label</name><value>web01</value>'));
});

test('get <obj> FIELD prints the bare wire value', async () => {
  assert.equal((await run('vm', 'get', 'web01', 'power-state')).stdout, 'Running\n');
  assert.equal((await run('vm', 'get', 'web01', 'memory-static-max')).stdout, '2147483648\n');
  assert.equal((await run('vm', 'get', 'web01', 'memory_static_max', '-o', 'json')).stdout, '2147483648\n');
  assert.equal((await run('vm', 'get', 'web01', 'other-config:owner')).stdout, 'ops\n');
});

test('table piped: header line, tab-separated, refs shown by name, sizes not humanised', async () => {
  const r = await run('vm', 'list', '--where', 'name-label=web01');
  assert.equal(r.code, 0, r.stderr);
  const [head, row] = r.stdout.trimEnd().split('\n');
  assert.equal(head, 'name-label\tpower-state\tresident-on\tmemory\tVCPUs\tprofile');
  assert.match(row ?? '', /^web01\tRunning\thost1\t2147483648\t/);
});

test('table on a TTY: aligned, humanised, no colour under NO_COLOR', async () => {
  const r = await runCli(['vm', 'list', '--where', 'name-label=web01'], { server, isTTY: true, env: { NO_COLOR: '1' } });
  assert.match(r.stdout, /web01\s+Running\s+host1\s+2 GiB/);
  assert.ok(!r.stdout.includes('\u001b['));
  const coloured = await runCli(['vm', 'list'], { server, isTTY: true, env: {} });
  assert.ok(coloured.stdout.includes('\u001b['), 'colour on a TTY by default');
  const forcedOff = await runCli(['vm', 'list'], { server, isTTY: true, env: { FORCE_COLOR: '0' } });
  assert.ok(!forcedOff.stdout.includes('\u001b['));
});

test('an unknown -c column is a usage error with a suggestion', async () => {
  const r = await run('vm', 'list', '-c', 'name-lable');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /did you mean 'name-label'/);
});

test('the same records whichever wire protocol carried them', async () => {
  const viaJson = await run('vm', 'list', '-o', 'json', '--all', '--protocol', 'jsonrpc');
  const viaXml = await run('vm', 'list', '-o', 'json', '--all', '--protocol', 'xmlrpc');
  assert.equal(viaJson.code, 0, viaJson.stderr);
  assert.equal(viaXml.code, 0, viaXml.stderr);
  assert.equal(viaXml.stdout, viaJson.stdout);
});

test('a short header of the default table names its field in --sort and -c (memory, VCPUs)', async () => {
  const byHeader = await run('vm', 'list', '--sort', '-memory', '-c', 'name-label,VCPUs', '-o', 'csv');
  assert.equal(byHeader.code, 0, byHeader.stderr);
  const byField = await run('vm', 'list', '--sort', '-memory-static-max', '-c', 'name-label,VCPUs-max', '-o', 'csv');
  assert.equal(byHeader.stdout, byField.stdout);
  assert.match(byHeader.stdout, /^name_label,VCPUs_max\n/);
  const typo = await run('vm', 'list', '--sort', 'memry');
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /did you mean 'memory'/);
});

test('get <obj> with a map key among several fields shows that key, not the whole map', async () => {
  const r = await run('vm', 'get', 'web01', 'other-config:owner', 'name-label', '-o', 'json');
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { 'other_config:owner': 'ops', name_label: 'web01' });
  const t = await run('vm', 'get', 'web01', 'name-label', 'other-config:owner');
  assert.equal(t.stdout, 'name-label\tweb01\nother-config:owner\tops\n');
  const missing = await run('vm', 'get', 'web01', 'name-label', 'other-config:nokey');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /other-config has no key 'nokey'/);
});

test('get refuses --where (it shows the named object; the filter would be ignored)', async () => {
  const r = await run('vm', 'get', 'web01', 'name-label', '--where', 'name-label=db01');
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /takes no --where.*vm list --where/);
});
