// A verb applied with --where instead of one <obj>: the matching objects (several need --multiple), a
// confirmation on a terminal unless --yes, then the verb for each (--parallel N, --continue-on-error), and a
// result per object. A single match runs as if it had been named. --dry-run: every planned call, in order.
import type { ClassDef } from '../../model/types.js';
import type { CommandResult } from '../spec.js';
import { confirmOrStop, type Ctx } from '../context.js';
import { nounOf } from '../generic/names.js';
import { bulkTargets, type Target } from './targets.js';
import { bulkOptions, bulkResult, runEach } from './run.js';

const SHOWN_NAMES = 5;

/** What a result row shows of an object's result: the ref of what it created, or a scalar's text. */
function valueOf(r: CommandResult): string | undefined {
  if (r.kind === 'created') return r.ref;
  if (r.kind === 'scalar' && (typeof r.value === 'string' || typeof r.value === 'bigint' || typeof r.value === 'number' || typeof r.value === 'boolean')) return String(r.value);
  return undefined;
}

function question(verb: string, noun: string, targets: readonly Target[]): string {
  const names = targets.slice(0, SHOWN_NAMES).map((t) => t.name || t.uuid);
  const more = targets.length > SHOWN_NAMES ? `, and ${targets.length - SHOWN_NAMES} more` : '';
  return `${verb} ${targets.length} ${noun} objects (${names.join(', ')}${more})?`;
}

/**
 * Runs `act` for each object --where matches. `act(ref, single)`: `single` is true when only one object is
 * acted on, whose result is then the command's result (progress and all); a bulk run shows result rows.
 */
export async function runBulkVerb(
  ctx: Ctx,
  cls: ClassDef,
  verb: string,
  act: (ref: string, single: boolean) => Promise<CommandResult>,
): Promise<CommandResult> {
  const opts = bulkOptions(ctx.globals);
  const targets = await bulkTargets(ctx, cls, verb, opts.multiple);
  const only = targets[0];
  if (targets.length === 1 && only !== undefined && !opts.multiple) return act(only.ref, true);
  const dry = ctx.globals.dryRun;
  if (!dry) await confirmOrStop(ctx, question(verb, nounOf(cls.name), targets));
  const outcomes = await runEach(
    targets,
    // A plan lists its calls in the objects' order.
    { parallel: dry ? 1 : opts.parallel, continueOnError: opts.continueOnError },
    (t) => act(t.ref, false).then(valueOf),
    { model: ctx.model, ...(ctx.io.signal === undefined ? {} : { signal: ctx.io.signal }) },
  );
  const failed = outcomes.filter((o) => o.status === 'failed').length;
  const skipped = outcomes.filter((o) => o.status === 'skipped').length;
  // A summary on stderr, except where stderr is kept for JSON error objects.
  if (failed > 0 && ctx.format !== 'json' && ctx.format !== 'ndjson') {
    ctx.note(`${verb} failed for ${failed} of ${outcomes.length} ${nounOf(cls.name)} objects${skipped > 0 ? ` (${skipped} skipped: no --continue-on-error)` : ''}`);
  }
  return bulkResult(outcomes);
}
