// `get <obj> ref` (the member every shown record starts with) and -o minimal of a list result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startDemoServer } from '../helpers/cli.js';
import { render } from '../../src/render/index.js';

const server = startDemoServer();
const run = (...argv: string[]) => runCli(argv, { server });

test('vm get web01 ref prints the OpaqueRef; with other fields it is a member', async () => {
  const ref = server.demo.vms.get('web01');
  const one = await run('vm', 'get', 'web01', 'ref');
  assert.equal(one.code, 0, one.stderr);
  assert.equal(one.stdout, `${ref}\n`);
  const two = await run('vm', 'get', 'web01', 'ref', 'power-state', '-o', 'json');
  assert.equal(two.code, 0, two.stderr);
  assert.deepEqual(JSON.parse(two.stdout), { ref, power_state: 'Running' });
});

test('call VM.get_all -o minimal: one comma-separated line', async () => {
  const r = await run('call', 'VM.get_all', '-o', 'minimal');
  assert.equal(r.code, 0, r.stderr);
  const refs = r.stdout.trim().split(',');
  assert.ok(refs.length > 10);
  assert.ok(refs.every((x) => x.startsWith('OpaqueRef:')), r.stdout);
  assert.equal(render({ kind: 'scalar', value: ['a', 'b,c'] }, { format: 'minimal' }, { color: false, isTTY: false, width: 80 }), 'a,b\\,c\n');
});
