// An in-process reference server holding the demo pool, for the simulator's tests.
import assert from 'node:assert/strict';
import type { XenStruct, XenValue } from '../../src/model/types.js';
import { getModel } from '../../src/model/index.js';
import { openMemoryStore } from '../../src/server/store/memory.js';
import { createXapi, type Xapi } from '../../src/server/xapi.js';
import { seedDemoPool, type DemoPool } from '../../src/server/seed/demo.js';
import { simHandlers } from '../../src/server/sim/handlers.js';
import type { SimOptions } from '../../src/server/sim/options.js';
import type { Clock } from '../../src/server/context.js';
import type { Envelope } from '../../src/wire/envelope.js';
import { delegatedCalls } from '../helpers/delegated-calls.js';

export const GiB = 1024n ** 3n;

export interface Sim {
  readonly xapi: Xapi;
  readonly pool: DemoPool;
  call(method: string, ...args: XenValue[]): Promise<Envelope>;
  /** The value of a call that must succeed. */
  ok(method: string, ...args: XenValue[]): Promise<XenValue>;
  /** The error array of a call that must fail. */
  fails(method: string, ...args: XenValue[]): Promise<readonly string[]>;
  vm(name: string): string;
  host(name: string): string;
  get(cls: string, ref: string): XenStruct;
}

export function startSim(opts: { extensions?: boolean; sim?: Partial<SimOptions>; clock?: Clock } = {}): Sim {
  const model = getModel({ extensions: opts.extensions ?? true });
  const store = openMemoryStore();
  const pool = seedDemoPool(store, model, { guestFiles: false });
  const xapi = createXapi({
    model, store, handlers: [simHandlers({ steps: 4, stepMs: 0, ...opts.sim })], ...(opts.clock !== undefined ? { clock: opts.clock } : {}),
  });
  const calls = delegatedCalls(xapi);
  const sim: Sim = {
    xapi, pool, ...calls,
    vm(name) {
      const ref = pool.vms.get(name);
      assert.ok(ref !== undefined, `no VM ${name}`);
      return ref;
    },
    host(name) {
      const ref = pool.hosts.get(name);
      assert.ok(ref !== undefined, `no host ${name}`);
      return ref;
    },
    get(cls, ref) {
      const rec = store.get(cls, ref);
      assert.ok(rec !== undefined, `no ${cls} ${ref}`);
      return rec;
    },
  };
  return sim;
}

export const refs = (v: XenValue | undefined): string[] =>
  Array.isArray(v) ? (v as readonly XenValue[]).filter((x): x is string => typeof x === 'string') : [];

/** Every two-way reference of the store holds from both ends, and every stored field is the model's (or private). */
export function assertConsistent(s: Sim): void {
  const { store, relations, model } = s.xapi.context;
  for (const cls of store.tables()) {
    if (model.findClass(cls) === undefined) continue;
    for (const [ref, rec] of store.all(cls)) {
      for (const key of Object.keys(rec)) {
        assert.ok(model.findField(cls, key) !== undefined || key.startsWith('xenctl_'), `${cls} ${ref} holds unknown field ${key}`);
      }
    }
  }
  const NULL = 'OpaqueRef:NULL';
  for (const [r, set] of relations.pairs()) {
    for (const [ref, rec] of store.all(r.cls)) {
      const target = rec[r.field];
      if (typeof target !== 'string' || target === NULL) continue;
      const owner = store.get(set.cls, target);
      assert.ok(owner !== undefined, `${r.cls}.${r.field} of ${ref} points at a missing ${set.cls}`);
      assert.ok(refs(owner[set.field]).includes(ref), `${set.cls}.${set.field} of ${target} lacks ${ref}`);
    }
    for (const [ref, rec] of store.all(set.cls)) {
      for (const m of refs(rec[set.field])) {
        const child = store.get(r.cls, m);
        assert.ok(child !== undefined, `${set.cls}.${set.field} of ${ref} lists a missing ${r.cls} ${m}`);
        assert.equal(child[r.field], ref, `${r.cls}.${r.field} of ${m} does not point back at ${ref}`);
      }
    }
  }
}
