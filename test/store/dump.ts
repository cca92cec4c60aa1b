// A store's whole content as plain data (tables in order, rows with nested maps copied), for deepEqual.
import type { XenStruct, XenValue } from '../../src/model/types.js';
import type { ObjectStore } from '../../src/server/store/types.js';

function plain(v: XenValue | undefined): unknown {
  if (v === undefined || typeof v !== 'object' || v instanceof Date) return v;
  if (Array.isArray(v)) return v.map((x: XenValue) => plain(x));
  return Object.fromEntries(Object.entries(v as XenStruct).map(([k, x]) => [k, plain(x)]));
}

export function dumpStore(store: ObjectStore): unknown {
  return [...store.tables()].map((cls) => [cls, [...store.all(cls)].map(([ref, rec]) => [ref, plain(rec)])]);
}
