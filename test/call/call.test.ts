// `xenctl call`: any message by wire name (typed arguments, results in any format), and `call --xml` replaying
// methodCall documents (a --dry-run -o xml plan) with the live session, replies untouched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { XenStruct } from '../../src/model/types.js';
import { runCli, startDemoServer } from '../helpers/cli.js';
import { decodeXmlRpcCall, decodeXmlRpcResponse, splitXmlRpcDocuments } from '../../src/wire/xmlrpc-decode.js';
import { encodeXmlRpcCall } from '../../src/wire/xmlrpc-encode.js';

const server = startDemoServer();

function vmByName(name: string): { ref: string; rec: XenStruct } {
  for (const [ref, rec] of server.store.all('VM')) if (rec['name_label'] === name) return { ref, rec };
  throw new Error(`no VM ${name}`);
}

test('call VM.get_record REF -o json prints the record', async () => {
  const { ref } = vmByName('web01');
  const r = await runCli(['call', 'VM.get_record', ref, '-o', 'json'], { server });
  assert.equal(r.code, 0, r.stderr);
  const rec = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.equal(rec['name_label'], 'web01');
  assert.equal(rec['power_state'], 'Running');
});

test('call: a Ref argument takes a name; a ref -> record map becomes rows with a ref column', async () => {
  const one = await runCli(['call', 'VM.get_power_state', 'web01'], { server });
  assert.equal(one.stdout, 'Running\n', one.stderr);
  const all = await runCli(['call', 'VM.get_all_records', '-o', 'ndjson', '-c', 'ref,name_label'], { server });
  assert.equal(all.code, 0, all.stderr);
  const rows = all.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
  const web = rows.find((x) => x['name_label'] === 'web01');
  assert.equal(web?.['ref'], vmByName('web01').ref);
});

test('call: arguments typed by the message (bool, int; a float where an int is due is a usage error)', async () => {
  const start = await runCli(['call', 'VM.start', 'dev01', 'true', 'false'], { server });
  assert.equal(start.code, 0, start.stderr);
  assert.equal(vmByName('dev01').rec['power_state'], 'Paused');
  const set = await runCli(['call', 'VM.set_VCPUs_max', 'test06', '4'], { server });
  assert.equal(set.code, 0, set.stderr);
  assert.equal(vmByName('test06').rec['VCPUs_max'], 4n);
  const bad = await runCli(['call', 'VM.set_VCPUs_max', 'test06', '1.5'], { server });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /argument 2 \(value\)/);
  const map = await runCli(['call', 'VM.set_other_config', 'test06', '{"a": "1", "b": "x"}'], { server });
  assert.equal(map.code, 0, map.stderr);
  assert.deepEqual(vmByName('test06').rec['other_config'], { a: '1', b: 'x' });
});

test('call: the wrong number of arguments is a usage error showing the signature', async () => {
  const r = await runCli(['call', 'VM.start', 'mail01'], { server });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /VM\.start takes 3 arguments .*VM\.start\(vm: VM ref, start_paused: bool, force: bool\)/);
  assert.equal(vmByName('mail01').rec['power_state'], 'Halted');
});

test('call: an unknown method is still sent; the server answers MESSAGE_METHOD_UNKNOWN', async () => {
  const r = await runCli(['call', 'VM.no_such_thing', '1', '-o', 'json'], { server });
  assert.equal(r.code, 1);
  const err = JSON.parse(r.stderr) as { error: { code: string; params: string[] } };
  assert.equal(err.error.code, 'MESSAGE_METHOD_UNKNOWN');
});

test('call: a method the server does not know, near a known one, gets a did-you-mean (still exit 1, the code kept)', async () => {
  const cased = await runCli(['call', 'vm.get_power_state', 'web01'], { server });
  assert.equal(cased.code, 1);
  assert.equal(cased.stderr, "xenctl: The server does not know this method (did you mean 'VM.get_power_state'?) [MESSAGE_METHOD_UNKNOWN vm.get_power_state]\n");
  const typo = await runCli(['call', 'VM.get_powr_state', 'web01', '-o', 'json'], { server });
  const err = JSON.parse(typo.stderr) as { error: { code: string; params: string[]; message: string } };
  assert.deepEqual([err.error.code, err.error.params], ['MESSAGE_METHOD_UNKNOWN', ['VM.get_powr_state']]);
  assert.match(err.error.message, /did you mean 'VM\.get_power_state'\?/);
});

test('a --dry-run -o xml plan changes nothing; call --xml then does it, replies untouched', async () => {
  const plan = await runCli(['vm', 'start', 'test05', '--dry-run', '-o', 'xml'], { server });
  assert.equal(plan.code, 0, plan.stderr);
  assert.equal(vmByName('test05').rec['power_state'], 'Halted');
  const doc = decodeXmlRpcCall(plan.stdout.trim());
  assert.equal(doc.method, 'VM.start');
  assert.equal(doc.params[0], '');
  const run = await runCli(['call', '--xml'], { server, stdin: plan.stdout });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(vmByName('test05').rec['power_state'], 'Running');
  const replies = splitXmlRpcDocuments(run.stdout);
  assert.equal(replies.length, 1);
  assert.ok(run.stdout.endsWith('</methodResponse>\n'));
  assert.deepEqual(decodeXmlRpcResponse(replies[0] ?? ''), { ok: true, value: '' });
});

test('call --xml: several documents in order; a Failure is printed as sent and the exit status is 1', async () => {
  const web = vmByName('web02').ref;
  const docs = [
    encodeXmlRpcCall('VM.set_name_description', ['', web, 'first']),
    // Already running: the server refuses.
    `<?xml version="1.0"?>\n<methodCall>\n  <methodName>VM.start</methodName>\n  <params>\n    <param><value><string></string></value></param>\n    <param><value>${web}</value></param>\n    <param><value><boolean>0</boolean></value></param>\n    <param><value><boolean>0</boolean></value></param>\n  </params>\n</methodCall>`,
    encodeXmlRpcCall('VM.get_name_description', ['', web]),
  ];
  const r = await runCli(['call', '--xml'], { server, stdin: `${docs.join('\n\n')}\n` });
  assert.equal(r.code, 1, r.stderr);
  const replies = splitXmlRpcDocuments(r.stdout).map((x) => decodeXmlRpcResponse(x));
  assert.equal(replies.length, 3);
  assert.deepEqual(replies[0], { ok: true, value: '' });
  assert.equal(replies[1]?.ok, false);
  assert.equal(replies[1]?.ok === false ? replies[1].error[0] : '', 'VM_BAD_POWER_STATE');
  assert.deepEqual(replies[2], { ok: true, value: 'first' });
});

test('call --xml: a malformed document sends nothing (usage error)', async () => {
  const web = vmByName('web02').ref;
  const good = encodeXmlRpcCall('VM.set_name_description', ['', web, 'never']);
  const r = await runCli(['call', '--xml'], { server, stdin: `${good}<methodCall><oops></methodCall>` });
  assert.equal(r.code, 2);
  assert.notEqual(vmByName('web02').rec['name_description'], 'never');
});
