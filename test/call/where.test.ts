// `xenctl call ... --where EXPR`: the records a call returns (Class.get_all_records) are filtered like `list`'s;
// any other call, and `call --xml`, refuse --where up front instead of ignoring it (and making the call). Also:
// the did-you-mean of an unknown method takes a wrongly cased Async. prefix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startDemoServer } from '../helpers/cli.js';

const server = startDemoServer();

function descriptionOf(name: string): unknown {
  for (const [, rec] of server.store.all('VM')) if (rec['name_label'] === name) return rec['name_description'];
  throw new Error(`no VM ${name}`);
}

test('call VM.get_all_records --where keeps only the matching records', async () => {
  const r = await runCli(['call', 'VM.get_all_records', '--where', 'power-state=halted', '--where', 'is-a-template=false', '-o', 'ndjson', '-c', 'name_label,power_state'], { server });
  assert.equal(r.code, 0, r.stderr);
  const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { name_label: string; power_state: string });
  assert.ok(rows.length > 0);
  assert.ok(rows.every((x) => x.power_state === 'Halted'), r.stdout);
  assert.ok(rows.some((x) => x.name_label === 'mail01'), r.stdout);
  assert.ok(!rows.some((x) => x.name_label === 'web01'), r.stdout);
  const bad = await runCli(['call', 'VM.get_all_records', '--where', 'no-such-field=1'], { server });
  assert.equal(bad.code, 2, bad.stderr);
});

test('call: --where on a call that returns no records is a usage error, and the call is not made', async () => {
  const before = descriptionOf('web01');
  const set = await runCli(['call', 'VM.set_name_description', 'web01', 'changed by a filtered call', '--where', 'power-state=halted'], { server });
  assert.equal(set.code, 2, set.stderr);
  assert.match(set.stderr, /--where filters the records a call returns/);
  assert.equal(descriptionOf('web01'), before);
  const refs = await runCli(['call', 'VM.get_all', '--where', 'power-state=running'], { server });
  assert.equal(refs.code, 2, refs.stderr);
  assert.equal(refs.stdout, '');
});

test('call --xml --where is a usage error (the replies are printed untouched)', async () => {
  const r = await runCli(['call', '--xml', '--where', 'power-state=running'], { server, stdin: '<methodCall><methodName>VM.get_all</methodName><params><param><value></value></param></params></methodCall>' });
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, '');
});

test('call: a wrongly cased Async. prefix gets the did-you-mean too', async () => {
  const r = await runCli(['call', 'async.vm.get_power_state', 'OpaqueRef:NULL'], { server });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /did you mean 'Async\.VM\.get_power_state'\?/);
});
