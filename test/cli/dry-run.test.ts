import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startCliServer, startDemoServer } from '../helpers/cli.js';
import { decodeXmlRpcCall } from '../../src/wire/xmlrpc-decode.js';

const server = startCliServer();

test('--dry-run prints the calls a set would make and makes none', async () => {
  const r = await runCli(['vm', 'set', 'web01', 'other-config:foo=bar', '--dry-run'], { server });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `VM.remove_from_other_config ${server.fixture.web} foo\nVM.add_to_other_config ${server.fixture.web} foo bar\n`);
  assert.equal((server.store.get('VM', server.fixture.web)?.['other_config'] as Record<string, string>)['foo'], undefined);
});

test('--dry-run -o xml: methodCall documents with the empty session', async () => {
  const r = await runCli(['vm', 'snapshot', 'web01', '--new-name', 'web03', '--dry-run', '-o', 'xml'], { server });
  assert.equal(r.code, 0, r.stderr);
  const call = decodeXmlRpcCall(r.stdout.trim());
  assert.equal(call.method, 'VM.snapshot');
  assert.deepEqual(call.params.slice(0, 3), ['', server.fixture.web, 'web03']);
  const names = [...server.store.all('VM')].map(([, rec]) => rec['name_label']);
  assert.ok(!names.includes('web03'));
});

test('--dry-run on a command that only reads shows its result', async () => {
  const r = await runCli(['vm', 'list', '--dry-run', '-o', 'minimal', '-c', 'name-label', '--where', 'name-label=web01'], { server });
  assert.equal(r.stdout, 'web01\n');
});

test('--dry-run of a command that reads back what it created (subject add) plans the calls and creates nothing', async () => {
  const demo = startDemoServer();
  const before = [...demo.store.all('subject')].length;
  const r = await runCli(['subject', 'add', 'carol', '--role', 'vm-admin', '--dry-run'], { server: demo });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^subject\.create .*carol/m);
  assert.match(r.stdout, /^subject\.add_to_roles /m);
  assert.equal([...demo.store.all('subject')].length, before);
});

test('-o xml of a command with no result: the Success envelope with an empty Value, as xapi answers', async () => {
  const r = await runCli(['vm', 'set', 'db01', 'name-description=x', '-o', 'xml'], { server });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '<methodResponse><params><param><value><struct><member><name>Status</name><value>Success</value></member>'
    + '<member><name>Value</name><value></value></member></struct></value></param></params></methodResponse>\n');
  const json = await runCli(['vm', 'set', 'db01', 'name-description=y', '-o', 'json'], { server });
  assert.equal(json.stdout, '');
});

test('--dry-run -o json: one JSON array of the calls; -o ndjson: a call a line', async () => {
  const argv = ['vm', 'set', 'web01', 'other-config:k=v', 'name-description=d', '--dry-run'];
  const json = await runCli([...argv, '-o', 'json'], { server });
  assert.equal(json.code, 0, json.stderr);
  const calls = JSON.parse(json.stdout) as Array<{ method: string; params: unknown[] }>;
  assert.deepEqual(calls.map((c) => c.method), ['VM.remove_from_other_config', 'VM.add_to_other_config', 'VM.set_name_description']);
  assert.deepEqual(calls[2]?.params, [server.fixture.web, 'd']);
  const nd = await runCli([...argv, '-o', 'ndjson'], { server });
  assert.deepEqual(nd.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { method: string }).method), calls.map((c) => c.method));
});

test('the text plan quotes an argument with spaces and cuts a very long one; -o json keeps it whole', async () => {
  const { formatCalls } = await import('../../src/cli/dry-run.js');
  const big = 'A'.repeat(5000);
  const calls = [{ method: 'VM.add_tags', args: ['OpaqueRef:x', "it's web"], sessionless: false },
    { method: 'VM.set_name_description', args: ['OpaqueRef:x', big], sessionless: false }];
  const text = await formatCalls(calls, 'table');
  assert.equal(text.split('\n')[0], "VM.add_tags OpaqueRef:x 'it'\\''s web'");
  assert.equal(text.split('\n')[1], `VM.set_name_description OpaqueRef:x ${'A'.repeat(100)}…(4900 more characters)`);
  assert.ok((await formatCalls(calls, 'json')).includes(big));
});
