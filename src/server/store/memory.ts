// An object store held in memory only (tests, --no-state runs).
import { TableStore } from './table-store.js';
import type { ObjectStore } from './types.js';

export function openMemoryStore(): ObjectStore {
  return new TableStore();
}
