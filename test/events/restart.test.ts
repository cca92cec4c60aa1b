// Tokens across a restart of a server on a disk store: the store generation persists, the epoch does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getModel } from '../../src/model/index.js';
import { openStore } from '../../src/server/store/open.js';
import { makeRecord, newRef } from '../../src/server/store/records.js';
import { createXapi } from '../../src/server/xapi.js';
import type { Xapi } from '../../src/server/xapi.js';
import type { XenValue } from '../../src/model/types.js';
import { asBatch } from './harness.js';

const HTTP = { kind: 'http' } as const;
const model = getModel();

async function session(xapi: Xapi): Promise<string> {
  await xapi.context.accounts.setPassword('root', 'pw');
  const env = await xapi.handleCall('session.login_with_password', ['root', 'pw'], HTTP);
  assert.ok(env.ok);
  return env.value as string;
}

async function call(xapi: Xapi, method: string, ...params: XenValue[]): Promise<XenValue> {
  const env = await xapi.handleCall(method, params, HTTP);
  if (!env.ok) return env.error;
  return env.value;
}

test('a token from before a restart gets EVENTS_LOST; new tokens work and move on from the stored generation', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'xenctl-events-'));
  try {
    const pool = newRef();
    const first = await openStore(dir, { model, pid: 4242, isAlive: () => false });
    first.create('pool', pool, makeRecord(model, 'pool', { name_label: 'p' }));
    const a = createXapi({ model, store: first, clock: { now: () => new Date('2026-01-01T00:00:00Z') } });
    const sa = await session(a);
    const before = asBatch(await call(a, 'event.from', sa, ['pool'], '', 0)).token;
    await call(a, 'pool.set_name_description', sa, pool, 'before restart');
    const last = asBatch(await call(a, 'event.from', sa, ['pool'], before, 0)).token;
    a.close();
    await first.close();

    const second = await openStore(dir, { model, pid: 4243, isAlive: () => false });
    const b = createXapi({ model, store: second, clock: { now: () => new Date('2026-01-01T00:05:00Z') } });
    try {
      const sb = await session(b);
      assert.deepEqual(await call(b, 'event.from', sb, ['pool'], last, 0), ['EVENTS_LOST']);
      assert.deepEqual(await call(b, 'event.from', sb, ['pool'], before, 0), ['EVENTS_LOST']);
      const fresh = asBatch(await call(b, 'event.from', sb, ['pool'], '', 0));
      assert.equal(fresh.events[0]?.snapshot?.['name_description'], 'before restart');
      assert.ok(fresh.token.split(',')[0]! >= last.split(',')[0]!, 'the DB generation carries on');
      await call(b, 'pool.set_name_description', sb, pool, 'after restart');
      const next = asBatch(await call(b, 'event.from', sb, ['pool'], fresh.token, 0));
      assert.deepEqual(next.events.map((e) => e.snapshot?.['name_description']), ['after restart']);
    } finally {
      b.close();
      await second.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
