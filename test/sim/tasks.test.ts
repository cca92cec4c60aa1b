import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { NULL_REF } from '../../src/model/values.js';
import { GiB, startSim } from './harness.js';

describe('long operations as Async tasks', () => {
  test('a migration is observed from pending through progress to success', async () => {
    const s = startSim({ sim: { steps: 8, stepMs: 15 } });
    const web = s.vm('web01');
    const task = await s.ok('Async.VM.pool_migrate', web, s.host('host2'), {}) as string;
    const seen: Array<{ status: string; progress: number }> = [];
    for (;;) {
      const rec = await s.ok('task.get_record', task) as Record<string, unknown>;
      seen.push({ status: rec['status'] as string, progress: rec['progress'] as number });
      if (rec['status'] !== 'pending') break;
      await sleep(5);
    }
    assert.equal(seen[0]?.status, 'pending');
    const middle = seen.filter((x) => x.status === 'pending' && x.progress > 0 && x.progress < 1).map((x) => x.progress);
    assert.ok(new Set(middle).size >= 3, `several progress steps seen: ${middle.join(' ')}`);
    for (let i = 1; i < middle.length; i += 1) assert.ok((middle[i] ?? 0) >= (middle[i - 1] ?? 0), 'progress only grows');
    assert.deepEqual(seen.at(-1), { status: 'success', progress: 1 });
    assert.equal(s.get('VM', web)['resident_on'], s.host('host2'));
  });

  test('task.cancel during a copy: TASK_CANCELLED, status cancelled, no copy left behind', async () => {
    const s = startSim({ sim: { steps: 8, stepMs: 20 } });
    const mail = s.vm('mail01');
    const vms = s.xapi.context.store.count('VM');
    const vdis = s.xapi.context.store.count('VDI');
    const task = await s.ok('Async.VM.copy', mail, 'mail02', NULL_REF) as string;
    await sleep(50);
    await s.ok('task.cancel', task);
    await s.xapi.drain();
    const rec = s.get('task', task);
    assert.equal(rec['status'], 'cancelled');
    assert.deepEqual(rec['error_info'], ['TASK_CANCELLED', task]);
    assert.equal(s.xapi.context.store.count('VM'), vms);
    assert.equal(s.xapi.context.store.count('VDI'), vdis);
    assert.deepEqual(await s.ok('VM.get_by_name_label', 'mail02'), []);
    assert.deepEqual({ ...(s.get('VM', mail)['current_operations'] as object) }, {});
    assert.deepEqual(await s.fails('task.cancel', task), ['OPERATION_NOT_ALLOWED', `task ${task} is cancelled and cannot be cancelled`]);
  });

  test('a cancelled migration leaves the VM where it was and releases the reserved memory', async () => {
    const s = startSim({ sim: { steps: 8, stepMs: 20 } });
    const web = s.vm('web01');
    const h2 = s.host('host2');
    const task = await s.ok('Async.VM.pool_migrate', web, h2, {}) as string;
    await sleep(40);
    assert.equal(s.get('VM', web)['scheduled_to_be_resident_on'], h2);
    assert.equal(s.get('host', h2)['memory_free'], 18n * GiB, 'memory reserved on the destination while moving');
    await s.ok('task.cancel', task);
    await s.xapi.drain();
    assert.equal(s.get('task', task)['status'], 'cancelled');
    assert.equal(s.get('VM', web)['resident_on'], s.host('host1'));
    assert.equal(s.get('VM', web)['scheduled_to_be_resident_on'], NULL_REF);
    assert.equal(s.get('host', h2)['memory_free'], 22n * GiB);
  });

  test('Async.VM.migrate answers true through the task result', async () => {
    const s = startSim({ sim: { steps: 3, stepMs: 1 } });
    const task = await s.ok('Async.VM.migrate', s.vm('web01'), s.host('host1'), s.host('host3'), false) as string;
    await s.xapi.drain();
    const rec = s.get('task', task);
    assert.equal(rec['status'], 'success');
    assert.match(rec['result'] as string, /<boolean>1<\/boolean>/);
    assert.equal(s.get('VM', s.vm('web01'))['resident_on'], s.host('host3'));
  });
});

describe('task garbage collection', () => {
  test('finished tasks older than 65 minutes go when the next Async task starts; newer and pending ones stay', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const s = startSim({ clock: { now: () => new Date(now) } });
    const old = await s.ok('Async.VM.start', s.vm('mail01'), false, false) as string;
    await s.xapi.drain();
    const mine = await s.ok('task.create', 'backup', 'client-owned, still pending') as string;
    now += 60 * 60 * 1000;
    const recent = await s.ok('Async.VM.hard_shutdown', s.vm('mail01')) as string;
    await s.xapi.drain();
    assert.equal(s.get('task', old)['status'], 'success', 'an hour old: kept');
    now += 6 * 60 * 1000;
    const next = await s.ok('Async.VM.start', s.vm('mail01'), false, false) as string;
    await s.xapi.drain();
    assert.equal(s.xapi.context.store.has('task', old), false, '66 minutes after it finished: collected');
    for (const kept of [recent, mine, next]) assert.ok(s.xapi.context.store.has('task', kept), kept);
  });
});

describe('client-owned tasks', () => {
  test('task.create makes a pending task; task.destroy removes any task', async () => {
    const s = startSim();
    const task = await s.ok('task.create', 'backup', 'nightly') as string;
    const rec = s.get('task', task);
    assert.equal(rec['name_label'], 'backup');
    assert.equal(rec['status'], 'pending');
    await s.ok('task.set_progress', task, 0.5);
    assert.equal(s.get('task', task)['progress'], 0.5);
    await s.ok('task.destroy', task);
    assert.deepEqual(await s.fails('task.get_status', task), ['HANDLE_INVALID', 'task', task]);
    const done = await s.ok('Async.VM.start', s.vm('mail01'), false, false) as string;
    await s.xapi.drain();
    await s.ok('task.destroy', done);
    assert.equal(s.xapi.context.store.has('task', done), false);
  });
});
