// Settings of the simulated hypervisor, given when its handler groups are built.
import type { CallContext, ServerContext } from '../context.js';
import type { VmCopy } from './copies.js';

/** Whoever keeps disk contents (the guest filesystems) hears of copies and deletions of VDIs. */
export interface DiskContentHooks {
  copied(server: ServerContext, from: string, to: string): void;
  destroyed(server: ServerContext, vdi: string): void;
}

/**
 * Applies VM.clone's `customization` map to a fresh clone (extension). Throwing undoes the clone (all or nothing).
 */
export type CloneCustomizer =
  (call: CallContext, clone: VmCopy, customization: Readonly<Record<string, string>>) => void | Promise<void>;

export interface SimOptions {
  /** Progress steps of a long operation run as a task. */
  readonly steps: number;
  /** Wait per step, in ms (tests use 0 or a few ms). */
  readonly stepMs: number;
  readonly disks?: DiskContentHooks;
  /** Without one, a non-empty customization map answers NOT_IMPLEMENTED. */
  readonly customizeClone?: CloneCustomizer;
}

export const DEFAULT_SIM_OPTIONS: SimOptions = { steps: 8, stepMs: 100 };
