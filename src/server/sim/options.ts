// Settings of the simulated hypervisor, given when its handler groups are built.
import type { ServerContext } from '../context.js';

/** Whoever keeps disk contents (the guest filesystems) hears of copies and deletions of VDIs. */
export interface DiskContentHooks {
  copied(server: ServerContext, from: string, to: string): void;
  destroyed(server: ServerContext, vdi: string): void;
}

export interface SimOptions {
  /** Progress steps of a long operation run as a task. */
  readonly steps: number;
  /** Wait per step, in ms (tests use 0 or a few ms). */
  readonly stepMs: number;
  readonly disks?: DiskContentHooks;
}

export const DEFAULT_SIM_OPTIONS: SimOptions = { steps: 8, stepMs: 100 };
