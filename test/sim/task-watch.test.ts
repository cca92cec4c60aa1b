// A task watched as xe watches it, over real HTTP and JSON-RPC: event.from(["task/<ref>"]) until the status
// leaves pending; the result is the XML-RPC fragment even for a JSON-RPC caller. Steps are long enough (a clone
// of a small VM takes 10 x 30 ms) for a loaded machine's round trip to land between two of them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getModel } from '../../src/model/index.js';
import { openMemoryStore } from '../../src/server/store/memory.js';
import { seedDemoPool, type DemoPool } from '../../src/server/seed/demo.js';
import { createXapi, type Xapi } from '../../src/server/xapi.js';
import { listenHttp, type HttpFrontEnd } from '../../src/server/http.js';
import { simHandlers } from '../../src/server/sim/handlers.js';

const PASSWORD = 'task-watch';

interface Rpc {
  readonly result?: unknown;
  readonly error?: { readonly code: number; readonly message: string; readonly data?: readonly string[] };
}

type Struct = Record<string, unknown>;

describe('an Async task watched with event.from over JSON-RPC', () => {
  let xapi: Xapi;
  let http: HttpFrontEnd;
  let pool: DemoPool;
  let session = '';

  const rpc = async (method: string, ...params: unknown[]): Promise<unknown> => {
    const res = await fetch(`${http.url}/jsonrpc`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    });
    const body = (await res.json()) as Rpc;
    if (body.error !== undefined) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
    return body.result;
  };
  const call = (method: string, ...params: unknown[]): Promise<unknown> => rpc(method, session, ...params);

  before(async () => {
    const model = getModel();
    const store = openMemoryStore();
    pool = seedDemoPool(store, model, { guestFiles: false });
    xapi = createXapi({ model, store, settings: { authFailureDelayMs: 0 }, handlers: [simHandlers({ steps: 40, stepMs: 30 })] });
    await xapi.context.accounts.setPassword('root', PASSWORD);
    http = await listenHttp(xapi, '127.0.0.1', 0);
    session = (await rpc('session.login_with_password', 'root', PASSWORD)) as string;
  });
  after(async () => {
    xapi.close();
    await http.close(0);
    await xapi.drain();
  });

  test('Async.VM.clone: pending, progress, then success with the new VM as <value>ref</value>; destroy is a del', async () => {
    const mail = pool.vms.get('mail01') as string;
    const task = (await call('Async.VM.clone', mail, 'mail-watched')) as string;
    assert.match(task, /^OpaqueRef:/);
    const watch = [`task/${task}`];
    let batch = (await call('event.from', watch, '', 5.0)) as Struct;
    const seen: Struct[] = [];
    for (;;) {
      const events = batch['events'] as Struct[];
      for (const e of events) {
        assert.equal(e['class'], 'task');
        assert.equal(e['ref'], task);
        seen.push(e['snapshot'] as Struct);
      }
      const last = seen.at(-1);
      if (last !== undefined && last['status'] !== 'pending') break;
      batch = (await call('event.from', watch, batch['token'], 5.0)) as Struct;
    }
    assert.equal(seen[0]?.['status'], 'pending');
    assert.equal(seen[0]?.['name_label'], 'Async.VM.clone');
    const progress = seen.filter((r) => r['status'] === 'pending').map((r) => r['progress'] as number);
    assert.ok(progress.some((p) => p > 0 && p < 1), `progress seen between 0 and 1: ${progress.join(' ')}`);
    const done = seen.at(-1) as Struct;
    assert.equal(done['status'], 'success');
    assert.equal(done['progress'], 1);
    assert.equal(done['type'], 'VM');
    assert.deepEqual(done['error_info'], []);
    const m = /^<value>(OpaqueRef:[0-9a-f-]{36})<\/value>$/.exec(done['result'] as string);
    assert.ok(m !== null, `an XML-RPC fragment: ${String(done['result'])}`);
    assert.equal(await call('VM.get_name_label', m[1]), 'mail-watched');
    assert.deepEqual(await call('VM.get_current_operations', mail), {});

    const token = batch['token'] as string;
    await call('task.destroy', task);
    const gone = (await call('event.from', watch, token, 5.0)) as Struct;
    assert.deepEqual((gone['events'] as Struct[]).map((e) => [e['operation'], e['snapshot']]), [['del', undefined]]);
  });

  test('a failing Async call ends in failure with error_info [CODE, params] and an empty result', async () => {
    const web = pool.vms.get('web01') as string;
    const task = (await call('Async.VM.start', web, false, false)) as string;
    let batch = (await call('event.from', [`task/${task}`], '', 5.0)) as Struct;
    let rec = (batch['events'] as Struct[])[0]?.['snapshot'] as Struct;
    while (rec['status'] === 'pending') {
      batch = (await call('event.from', [`task/${task}`], batch['token'], 5.0)) as Struct;
      const latest = (batch['events'] as Struct[]).at(-1);
      if (latest !== undefined) rec = latest['snapshot'] as Struct;
    }
    assert.equal(rec['status'], 'failure');
    assert.deepEqual(rec['error_info'], ['VM_BAD_POWER_STATE', web, 'halted', 'running']);
    assert.equal(rec['result'], '');
  });
});
