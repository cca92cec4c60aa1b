// What a command's run receives: IO, environment, the model, global options and a lazily opened connection.
import type { Model, XenValue } from '../model/types.js';
import type { Format, TerminalCaps } from '../render/types.js';
import { InterruptedError, type Candidate } from './errors.js';
import { canPrompt } from './prompt.js';
import type { GlobalOptions } from './globals.js';
import type { CliIO, Env } from './io.js';

/** The one thing commands need from a connection: typed calls (the session is the client's business). */
export interface Caller {
  call(method: string, args: readonly XenValue[]): Promise<XenValue>;
  /** Through `Async.<method>` and its task: progress reported, the task cancelled when the signal aborts. */
  callAsync?(method: string, args: readonly XenValue[], opts: { onProgress?: (fraction: number) => void; signal?: AbortSignal; confirmCancel?: (task: string) => Promise<boolean> }): Promise<XenValue>;
}

export interface Ctx {
  readonly io: CliIO;
  readonly env: Env;
  readonly model: Model;
  readonly globals: GlobalOptions;
  readonly format: Format;
  readonly caps: TerminalCaps;
  /** Opens (once) and returns the connection. */
  client(): Promise<Caller>;
  /** Chatter on stderr, unless -q. */
  note(message: string): void;
  /** On a TTY, may ask the user to pick among several matches; absent means "report the ambiguity". */
  readonly choose?: (noun: string, selector: string, candidates: readonly Candidate[]) => Promise<Candidate | undefined>;
  /** On a TTY, asks a yes/no question (destructive verbs without --yes); absent means "do not ask". */
  readonly confirm?: (question: string) => Promise<boolean>;
  /** Keeps the command alive past Ctrl-C's grace while `p` (a question) is pending. */
  readonly hold?: <T>(p: Promise<T>) => Promise<T>;
}

/** Asks before a destructive step, when there is a terminal to ask on and no --yes; a "no" exits 130. */
export async function confirmOrStop(ctx: Ctx, question: string): Promise<void> {
  if (ctx.globals.yes || ctx.confirm === undefined || !canPrompt(ctx.io)) return;
  if (!(await ctx.confirm(question))) throw new InterruptedError('declined');
}
