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
  /** What the call returned for this object, when it returns something (the ref of what it created). */
  readonly value?: string;
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
  /** Resolves to what the call returned for the target (a non-empty string is kept as its value), if anything. */
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
        const value = await action(target);
        outcomes[i] = { target, status: 'ok', ...(typeof value === 'string' && value !== '' ? { value } : {}) };
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

/** The column of what each call returned, present when some call returned something. */
export const VALUE_COLUMN = 'value';

/**
 * One row per object (name, uuid, ok / failed / skipped, error code and params, and what the call returned when
 * it returns something); exit 6 if any failed.
 */
export function bulkResult(outcomes: readonly Outcome[]): CommandResult {
  const withValue = outcomes.some((o) => o.value !== undefined);
  // `ref` first, as in every record xenctl prints.
  const rows: XenStruct[] = outcomes.map((o) => ({
    ref: o.target.ref,
    name_label: o.target.name,
    uuid: o.target.uuid,
    result: o.status,
    error: o.code ?? '',
    params: [...(o.params ?? [])],
    ...(withValue ? { [VALUE_COLUMN]: o.value ?? '' } : {}),
  }));
  const failed = outcomes.some((o) => o.status !== 'ok');
  return {
    kind: 'rows',
    rows,
    view: { tableColumns: withValue ? [...RESULT_COLUMNS, VALUE_COLUMN] : RESULT_COLUMNS },
    ...(failed ? { exitCode: EXIT.PARTIAL } : {}),
  };
}
