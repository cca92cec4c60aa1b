// The CLI's view of its process: streams, TTY flags and width. Built from `process` only in process.ts.
import type { TerminalCaps } from '../render/types.js';

export interface OutStream {
  /** Returns false when the caller should wait for 'drain' before writing more. */
  write(chunk: string): boolean;
  once?(event: 'drain', listener: () => void): unknown;
}

export interface CliIO {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly stdin: AsyncIterable<Buffer | string>;
  readonly isTTY: { readonly stdin: boolean; readonly stdout: boolean; readonly stderr: boolean };
  readonly columns: number;
  /** Working directory, for relative paths given on the line. */
  readonly cwd?: string;
  /** The real stderr stream, for interactive prompts (absent in tests). */
  readonly promptOutput?: NodeJS.WritableStream;
  /** This process's id (the server's lock file). */
  readonly pid?: number;
  /** Aborted on SIGINT (and SIGTERM). */
  readonly signal?: AbortSignal;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Colour per NO_COLOR / FORCE_COLOR, then the TTY. */
export function colourWanted(env: Env, isTTY: boolean): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  return isTTY && env['TERM'] !== 'dumb';
}

export function stdoutCaps(io: CliIO, env: Env): TerminalCaps {
  return { isTTY: io.isTTY.stdout, color: colourWanted(env, io.isTTY.stdout), width: io.columns > 0 ? io.columns : 80 };
}

/** Writes a chunk, waiting for 'drain' when the stream asks (big JSON lists). */
export async function writeOut(out: OutStream, chunk: string): Promise<void> {
  if (out.write(chunk) || out.once === undefined) return;
  const once = out.once.bind(out);
  await new Promise<void>((resolve) => once('drain', resolve));
}
