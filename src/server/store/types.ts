// The contract between the reference server and its object store.
import type { XenStruct, XenValue } from '../../model/types.js';

export type ChangeOp = 'add' | 'mod' | 'del';

export interface Change {
  /** Monotonic store generation of this write (like xapi's database generation). */
  readonly generation: number;
  /** Class wire name (`VM`), or a private table name (`xenctl_account`). */
  readonly cls: string;
  readonly ref: string;
  readonly op: ChangeOp;
}

/**
 * Typed records by class and ref. Records hold every field of the class (typed values, see XenValue),
 * `uuid` included, `ref` not. Mutations are synchronous in memory and journalled; `sync()` resolves when every
 * mutation made so far is durable on disk, and the server awaits it before acknowledging a write.
 * Classes outside the datamodel (accounts, server settings) are private tables with the same operations.
 */
export interface ObjectStore {
  readonly generation: number;
  get(cls: string, ref: string): XenStruct | undefined;
  has(cls: string, ref: string): boolean;
  /** Every object of a class, in insertion order. */
  all(cls: string): IterableIterator<[string, XenStruct]>;
  count(cls: string): number;
  /** Class names that have at least one object. */
  tables(): IterableIterator<string>;
  refByUuid(cls: string, uuid: string): string | undefined;
  create(cls: string, ref: string, record: XenStruct): void;
  /**
   * create() of a record the caller hands over and never touches again: the store may keep that very object
   * instead of a copy (seeding many objects). Optional: callers fall back to create().
   */
  adopt?(cls: string, ref: string, record: XenStruct): void;
  /** Replaces the named fields; other fields keep their values. */
  update(cls: string, ref: string, changes: Readonly<Record<string, XenValue>>): void;
  destroy(cls: string, ref: string): void;
  /** Called after every mutation, in order, synchronously. */
  onChange(listener: (change: Change) => void): () => void;
  /**
   * Runs many mutations as one batch (seeding, import, synthetic VMs). Listeners still see every change; a durable
   * store may write one snapshot instead of journalling each mutation, and sync() then waits for that snapshot.
   * Optional: callers fall back to calling fn() directly.
   */
  bulk?<T>(fn: () => T): T;
  /** Resolves when everything written so far is durable. */
  sync(): Promise<void>;
  close(): Promise<void>;
}
