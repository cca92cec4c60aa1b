// `vm list` shows the host a VM runs on by name: a few hosts are named one get_name_label each, many through one
// host.get_all_records; a ref to an object that is gone stays a ref.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { XenValue } from '../../src/model/types.js';
import { makeRecord, newRef } from '../../src/server/store/records.js';
import type { Xapi } from '../../src/server/xapi.js';
import { runCli, startDemoServer } from '../helpers/cli.js';

/** The server with every JSON-RPC method called recorded. */
function recording(xapi: Xapi): { server: { xapi: Xapi }; methods: string[] } {
  const methods: string[] = [];
  const server = {
    xapi: {
      ...xapi,
      handleJsonRpc: (body: Buffer | string, channel: Parameters<Xapi['handleJsonRpc']>[1]) => {
        methods.push((JSON.parse(body.toString()) as { method: string }).method);
        return xapi.handleJsonRpc(body, channel);
      },
    },
  };
  return { server, methods };
}

function residentOn(stdout: string): Map<string, string> {
  const [head, ...lines] = stdout.trimEnd().split('\n');
  const col = (head ?? '').split('\t').indexOf('resident-on');
  return new Map(lines.map((l) => [l.split('\t')[0] ?? '', l.split('\t')[col] ?? '']));
}

test('a few hosts: named by get_name_label (no get_all_records of hosts); a vanished host stays a ref', async () => {
  const s = startDemoServer();
  const gone = newRef();
  s.store.create('VM', newRef(), makeRecord(s.model, 'VM', { name_label: 'orphan', power_state: 'Running', resident_on: gone }));
  const { server, methods } = recording(s.xapi);
  const r = await runCli(['vm', 'list'], { server });
  assert.equal(r.code, 0, r.stderr);
  const hosts = residentOn(r.stdout);
  assert.equal(hosts.get('web01'), 'host1');
  assert.equal(hosts.get('web02'), 'host2');
  assert.equal(hosts.get('mail01'), '');
  assert.equal(hosts.get('orphan'), gone);
  assert.ok(methods.includes('host.get_name_label'), methods.join(' '));
  assert.ok(!methods.includes('host.get_all_records'), methods.join(' '));
});

test('many hosts: one host.get_all_records names them all', async () => {
  const s = startDemoServer();
  for (let i = 0; i < 12; i++) {
    const host = newRef();
    s.store.create('host', host, makeRecord(s.model, 'host', { name_label: `extra${i}` }));
    const values: Record<string, XenValue> = { name_label: `vm-on-extra${i}`, power_state: 'Running', resident_on: host };
    s.store.create('VM', newRef(), makeRecord(s.model, 'VM', values));
  }
  const { server, methods } = recording(s.xapi);
  const r = await runCli(['vm', 'list'], { server });
  assert.equal(r.code, 0, r.stderr);
  const hosts = residentOn(r.stdout);
  assert.equal(hosts.get('vm-on-extra7'), 'extra7');
  assert.equal(hosts.get('web01'), 'host1');
  assert.ok(methods.includes('host.get_all_records'), methods.join(' '));
  assert.ok(!methods.includes('host.get_name_label'), methods.join(' '));
});
