// An in-process server on a memory store with the demo pool, for the event tests.
import assert from 'node:assert/strict';
import type { XenStruct, XenValue } from '../../src/model/types.js';
import { getModel } from '../../src/model/index.js';
import { openMemoryStore } from '../../src/server/store/memory.js';
import { seedDemoPool } from '../../src/server/seed/demo.js';
import type { DemoPool } from '../../src/server/seed/demo.js';
import { createXapi } from '../../src/server/xapi.js';
import type { Xapi } from '../../src/server/xapi.js';
import type { Channel } from '../../src/server/context.js';
import type { EventOptions } from '../../src/server/events/index.js';
import type { Envelope } from '../../src/wire/envelope.js';

export const PASSWORD = 'events-test';
export const HTTP: Channel = { kind: 'http' };

export interface Harness {
  readonly xapi: Xapi;
  readonly demo: DemoPool;
  readonly session: string;
  /** A call in the root session; the value, or a failed assertion. */
  ok(method: string, ...params: XenValue[]): Promise<XenValue>;
  /** A call in the root session expected to fail; its error array. */
  fails(method: string, ...params: XenValue[]): Promise<readonly string[]>;
  raw(method: string, params: readonly XenValue[], channel?: Channel): Promise<Envelope>;
  close(): void;
}

export async function startHarness(events: EventOptions = {}): Promise<Harness> {
  const model = getModel();
  const store = openMemoryStore();
  const demo = seedDemoPool(store, model, { guestFiles: false });
  const xapi = createXapi({ model, store, settings: { authFailureDelayMs: 0 }, events });
  await xapi.context.accounts.setPassword('root', PASSWORD);
  const raw = (method: string, params: readonly XenValue[], channel: Channel = HTTP): Promise<Envelope> =>
    xapi.handleCall(method, params, channel);
  const login = await raw('session.login_with_password', ['root', PASSWORD]);
  assert.ok(login.ok, JSON.stringify(login));
  const session = login.value as string;
  return {
    xapi, demo, session, raw,
    async ok(method, ...params) {
      const env = await raw(method, [session, ...params]);
      if (!env.ok) assert.fail(`${method} failed: ${env.error.join(' ')}`);
      return env.value;
    },
    async fails(method, ...params) {
      const env = await raw(method, [session, ...params]);
      if (env.ok) assert.fail(`${method} succeeded`);
      return env.error;
    },
    close: () => xapi.close(),
  };
}

export interface EventView {
  readonly id: string;
  readonly timestamp: string;
  readonly class: string;
  readonly operation: string;
  readonly ref: string;
  readonly snapshot?: XenStruct;
}

export interface BatchView {
  readonly events: readonly EventView[];
  readonly valid_ref_counts: Readonly<Record<string, XenValue>>;
  readonly token: string;
}

export function asBatch(v: XenValue): BatchView {
  assert.ok(typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date));
  return v as unknown as BatchView;
}
