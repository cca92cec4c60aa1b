// Runs one action per target, at most N at a time, and reports a result per object. Without
// --continue-on-error no new action starts after the first failure (the rest are reported as skipped).
import type { Model, XenStruct } from '../../model/types.js';
import type { CommandResult } from '../spec.js';
import type { GlobalOptions } from '../globals.js';
import { describeFailure, EXIT, InterruptedError } from '../errors.js';
import type { Target } from './targets.js';

export interface BulkOptions {
  readonly multiple: boolean;
  readonly parallel: number;
  readonly continueOnError: boolean;
}

export type Status = 'ok' | 'failed' | 'skipped';

export interface Outcome {
  readonly target: Target;
  readonly status: Status;
  readonly code?: string;
  readonly params?: readonly string[];
  readonly message?: string;
}

/** The bulk options of the line (global options: --multiple, --parallel N, --continue-on-error). */
export function bulkOptions(g: GlobalOptions): BulkOptions {
  return { multiple: g.multiple === true, parallel: g.parallel ?? 1, continueOnError: g.continueOnError === true };
}

function interrupted(e: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || e instanceof InterruptedError || (e instanceof Error && e.name === 'AbortError');
}

/** Every target's outcome, in the targets' order. An interruption (Ctrl-C, --timeout) ends the whole run. */
export async function runEach(
  targets: readonly Target[],
  opts: Pick<BulkOptions, 'parallel' | 'continueOnError'>,
  action: (target: Target) => Promise<unknown>,
  env: { readonly model?: Model; readonly signal?: AbortSignal } = {},
): Promise<Outcome[]> {
  const outcomes: Array<Outcome | undefined> = targets.map(() => undefined);
  let next = 0;
  let stop = false;
  const worker = async (): Promise<void> => {
    while (!stop && env.signal?.aborted !== true && next < targets.length) {
      const i = next++;
      const target = targets[i];
      if (target === undefined) break;
      try {
        await action(target);
        outcomes[i] = { target, status: 'ok' };
      } catch (e) {
        if (interrupted(e, env.signal)) throw e;
        const f = describeFailure(e, env.model);
        outcomes[i] = { target, status: 'failed', code: f.code, params: f.params, message: f.message };
        if (!opts.continueOnError) stop = true;
      }
    }
  };
  const workers = Array.from({ length: Math.min(opts.parallel, targets.length) }, () => worker());
  const settled = await Promise.allSettled(workers);
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
  if (env.signal?.aborted === true) throw new InterruptedError();
  return outcomes.map((o, i) => o ?? { target: targets[i] as Target, status: 'skipped' });
}

/** Columns of the result rows, in order. */
export const RESULT_COLUMNS: readonly string[] = Object.freeze(['name_label', 'uuid', 'result', 'error', 'params']);

/** One row per object (name, uuid, ok / failed / skipped, error code and params); exit 6 if any failed. */
export function bulkResult(outcomes: readonly Outcome[]): CommandResult {
  // `ref` first, as in every record xenctl prints.
  const rows: XenStruct[] = outcomes.map((o) => ({
    ref: o.target.ref,
    name_label: o.target.name,
    uuid: o.target.uuid,
    result: o.status,
    error: o.code ?? '',
    params: [...(o.params ?? [])],
  }));
  const failed = outcomes.some((o) => o.status !== 'ok');
  return {
    kind: 'rows',
    rows,
    view: { tableColumns: RESULT_COLUMNS },
    ...(failed ? { exitCode: EXIT.PARTIAL } : {}),
  };
}
