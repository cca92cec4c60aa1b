// Ctrl-C while an async task runs: on a terminal, the user is asked whether to cancel the task on the server or
// leave it running; a script's Ctrl-C (or the --timeout deadline) cancels it without asking.
import type { Ctx } from './context.js';
import { InterruptedError } from './errors.js';
import { canPrompt } from './prompt.js';

export interface TaskStopOptions {
  readonly signal?: AbortSignal;
  readonly confirmCancel?: (task: string) => Promise<boolean>;
}

/** The signal and cancel question to give the client's callAsync. */
export function taskStopOptions(ctx: Ctx): TaskStopOptions {
  const signal = ctx.io.signal;
  if (signal === undefined) return {};
  const confirm = ctx.confirm;
  if (confirm === undefined || !canPrompt(ctx.io)) return { signal };
  const ask = async (task: string): Promise<boolean> => {
    if (!(signal.reason instanceof InterruptedError)) return true;
    ctx.io.stderr.write('\n');
    const yes = await confirm('Cancel the task on the server? (no: it goes on there; xenctl stops waiting)').catch(() => false);
    if (!yes) ctx.note(`task ${task} goes on on the server (xenctl task get ${task})`);
    return yes;
  };
  const hold = ctx.hold;
  return { signal, confirmCancel: (task) => (hold === undefined ? ask(task) : hold(ask(task))) };
}
