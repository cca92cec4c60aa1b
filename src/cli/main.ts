// main(argv, io, env): parse with the specs, run, render; every error becomes a message and an exit code here.
import { readFileSync } from 'node:fs';
import type { Model } from '../model/types.js';
import { getModel } from '../model/index.js';
import type { Format } from '../render/types.js';
import type { CommandSpec, ParsedArgs } from './spec.js';
import type { Caller, Ctx } from './context.js';
import type { CliIO, Env } from './io.js';
import { stdoutCaps, writeOut } from './io.js';
import { CLI_CODES, describeFailure, formatFailure, UsageError, type Candidate } from './errors.js';
import { missingFlags, parseLine } from './parse.js';
import { commandHelp } from './help.js';
import { chooseCommand, helpAsked } from './choose.js';
import { toGlobals } from './globals-read.js';
import { present } from './output.js';
import { guard, stopper, type Stopper } from './guard.js';
import { dryRunCaller, formatCalls, type RecordedCall } from './dry-run.js';

/** An open connection: calls, and how to let it go. */
export interface Connection {
  readonly caller: Caller;
  close(): Promise<void>;
}

/** What tests (and process.ts) may put in place of the defaults. */
export interface MainDeps {
  /** Opens the connection a command needs; by default from flags/env/context (connect.ts). */
  readonly connect?: (ctx: Omit<Ctx, 'client'>) => Promise<Connection>;
  readonly choose?: (noun: string, selector: string, candidates: readonly Candidate[]) => Promise<Candidate | undefined>;
  readonly confirm?: (question: string) => Promise<boolean>;
}

const JSON_FORMATS = new Set(['json', 'ndjson']);

function version(): string {
  const pkg: unknown = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
  const v = typeof pkg === 'object' && pkg !== null ? (pkg as Record<string, unknown>)['version'] : undefined;
  return typeof v === 'string' ? v : '0.0.0';
}

/** Before parsing: was JSON output asked for (so even a usage error is reported as JSON)? */
function outputHint(argv: readonly string[]): string | undefined {
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const t = argv[i] ?? '';
    if (t === '--') break;
    if (t === '-o' || t === '--output') out = argv[i + 1];
    else if (t.startsWith('--output=')) out = t.slice(9);
    else if (t.startsWith('-o') && t.length > 2) out = t.slice(2);
  }
  return out;
}

function versionAsked(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--version');
}

export async function main(argv: readonly string[], io: CliIO, env: Env, deps: MainDeps = {}): Promise<number> {
  let model: Model | undefined;
  const jsonErrors = JSON_FORMATS.has(outputHint(argv) ?? '');
  let connection: Connection | undefined;
  let stop: Stopper | undefined;
  try {
    if ((argv.length === 1 && argv[0] === '-V') || versionAsked(argv)) {
      await writeOut(io.stdout, `xenctl ${version()}\n`);
      return 0;
    }
    model = getModel();
    const chosen = chooseCommand(model, argv);
    if ('help' in chosen) {
      await writeOut(chosen.exit === 0 ? io.stdout : io.stderr, chosen.help);
      return chosen.exit;
    }
    const { spec } = chosen;
    if (helpAsked(argv) && spec.passthrough !== true) {
      await writeOut(io.stdout, commandHelp(model, spec));
      return 0;
    }
    const line = parseLine(argv, chosen.skip, spec.passthrough === true ? undefined : spec, chosen.restFrom);
    const args: ParsedArgs = spec.passthrough === true ? { pos: { [spec.positionals[0]?.name ?? 'rest']: line.rest }, flags: {} } : line.args;
    const missing = missingFlags(spec, args);
    if (missing.length > 0) throw new UsageError(`missing ${missing.join(', ')}`);
    const globals = toGlobals(line.globals);
    const format = (globals.output ?? 'table') as Format;
    const chooser = deps.choose ?? (io.promptOutput === undefined ? undefined : async (noun: string, sel: string, c: readonly Candidate[]) =>
      (await import('./prompt.js')).terminalChooser(io.promptOutput)(noun, sel, c));
    const confirm = deps.confirm ?? (io.promptOutput === undefined ? undefined : async (q: string) =>
      (await import('./prompt.js')).terminalConfirm(io.promptOutput)(q));
    stop = stopper(io.signal, globals.timeout);
    const base: Omit<Ctx, 'client'> = {
      io: { ...io, signal: stop.signal },
      hold: stop.hold,
      env,
      model,
      globals,
      format,
      caps: stdoutCaps(io, env),
      note: (m) => {
        if (!globals.quiet) io.stderr.write(`xenctl: ${m}\n`);
      },
      ...(chooser === undefined ? {} : { choose: chooser }),
      ...(confirm === undefined ? {} : { confirm }),
    };
    let opening: Promise<Connection> | undefined;
    const real = async (): Promise<Caller> => {
      opening ??= (deps.connect ?? (await import('./connect.js')).openConnection)(base);
      const open = await opening;
      connection = open;
      return open.caller;
    };
    const recorded: RecordedCall[] = [];
    const dry = globals.dryRun ? dryRunCaller(model, real, recorded) : undefined;
    const ctx: Ctx = { ...base, client: dry === undefined ? real : async () => dry };
    // --dry-run prints the changing calls instead of making them; a command that only reads shows its result.
    // serve watches the signal itself, to shut down gracefully.
    const work = spec.run(ctx, args);
    const result = spec.passthrough === true ? await work : await guard(work, stop);
    if (dry !== undefined && recorded.length > 0) {
      await writeOut(io.stdout, await formatCalls(recorded, format));
      return 0;
    }
    return await present(ctx, result);
  } catch (e) {
    const f = describeFailure(e, model);
    io.stderr.write(formatFailure(f, jsonErrors));
    if (f.code === CLI_CODES.internal && argv.includes('--debug') && e instanceof Error && e.stack !== undefined) io.stderr.write(`${e.stack}\n`);
    return f.exit;
  } finally {
    stop?.dispose();
    await connection?.close().catch(() => undefined);
  }
}
