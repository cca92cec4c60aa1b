import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getModel, XenApiError } from '../../src/model/index.js';
import { XenClient } from '../../src/client/client.js';
import { TransportError } from '../../src/transport/errors.js';
import { localTransport } from '../../src/transport/local.js';
import { fakeTasks, TASK_REF, type FakeTasks } from './fake-tasks.js';

function client(fake: FakeTasks, protocol: 'jsonrpc' | 'xmlrpc' = 'jsonrpc'): XenClient {
  return new XenClient({ transport: localTransport(fake.handler), model: getModel(), protocol, pollIntervalMs: 5, eventTimeoutSeconds: 1 });
}

/** Steps the task along while the client waits. */
function drive(fake: FakeTasks, steps: Partial<FakeTasks['task']>[]): void {
  let i = 0;
  const next = (): void => {
    const step = steps[i++];
    if (step === undefined) return;
    fake.update(step);
    setTimeout(next, 5);
  };
  setTimeout(next, 5);
}

for (const protocol of ['jsonrpc', 'xmlrpc'] as const) {
  test(`callAsync (${protocol}) waits with event.from, reports progress, types the result, destroys the task`, async () => {
    const fake = fakeTasks();
    const c = client(fake, protocol);
    drive(fake, [{ progress: 0.5 }, { status: 'success', progress: 1, result: '<value>OpaqueRef:new-vm</value>' }]);
    const seen: number[] = [];
    const vm = await c.callAsync('VM.clone', ['OpaqueRef:vm', 'copy'], { onProgress: (p) => seen.push(p) });
    assert.equal(vm, 'OpaqueRef:new-vm');
    assert.deepEqual(seen, [0, 0.5, 1]);
    assert.equal(fake.destroyed, 1);
    assert.ok(fake.calls.includes('event.from'));
    assert.ok(!fake.calls.includes('task.get_record'));
  });
}

test('a failed task becomes a XenApiError with its code and params', async () => {
  const fake = fakeTasks();
  drive(fake, [{ status: 'failure', error_info: ['VM_BAD_POWER_STATE', 'OpaqueRef:vm', 'halted', 'running'] }]);
  await assert.rejects(client(fake).callAsync('VM.clone', ['OpaqueRef:vm', 'copy']), (e: unknown) =>
    e instanceof XenApiError && e.code === 'VM_BAD_POWER_STATE' && e.params.join(',') === 'OpaqueRef:vm,halted,running');
  assert.equal(fake.destroyed, 1);
});

test('when event.from fails, the task is polled with task.get_record', async () => {
  const fake = fakeTasks();
  fake.eventMode = 'MESSAGE_METHOD_UNKNOWN';
  drive(fake, [{ progress: 0.3 }, { status: 'success', progress: 1, result: '<value>OpaqueRef:polled</value>' }]);
  assert.equal(await client(fake).callAsync('VM.clone', ['OpaqueRef:vm', 'copy']), 'OpaqueRef:polled');
  assert.ok(fake.calls.filter((m) => m === 'task.get_record').length >= 2);
  assert.equal(fake.destroyed, 1);
});

test('aborting cancels the task on the server and ends in TASK_CANCELLED', async () => {
  const fake = fakeTasks();
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 20);
  await assert.rejects(client(fake).callAsync('VM.clone', ['OpaqueRef:vm', 'copy'], { signal: ac.signal }), (e: unknown) =>
    e instanceof XenApiError && e.code === 'TASK_CANCELLED' && e.params[0] === TASK_REF);
  assert.ok(fake.calls.includes('task.cancel'));
  assert.equal(fake.destroyed, 1);
});

test('a refused cancel stops the wait with the refusal and leaves the running task alone', async () => {
  const fake = fakeTasks();
  fake.cancelRefusal = 'OPERATION_NOT_ALLOWED';
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 20);
  await assert.rejects(client(fake).callAsync('VM.clone', ['OpaqueRef:vm', 'copy'], { signal: ac.signal }), (e: unknown) =>
    e instanceof XenApiError && e.code === 'OPERATION_NOT_ALLOWED');
  assert.equal(fake.task.status, 'pending');
  assert.equal(fake.destroyed, 0);
});

test('the command deadline (the client-wide signal) ends the wait with a TransportError and cancels nothing', async () => {
  const fake = fakeTasks();
  const deadline = new AbortController();
  const c = new XenClient({ transport: localTransport(fake.handler), model: getModel(), protocol: 'jsonrpc', signal: deadline.signal, eventTimeoutSeconds: 1 });
  setTimeout(() => deadline.abort(), 30);
  await assert.rejects(c.callAsync('VM.clone', ['OpaqueRef:vm', 'copy']), (e: unknown) => e instanceof TransportError && e.code === 'ABORT_ERR');
  assert.ok(!fake.calls.includes('task.cancel'));
});
