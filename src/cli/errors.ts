// Typed CLI errors, and the one place where any error becomes a message on stderr and an exit code.
import type { Model } from '../model/types.js';
import { XenApiError } from '../model/errors.js';
import { ERR } from '../model/error-codes.js';
import { ConfigError } from '../config/errors.js';
import { TransportError } from '../transport/errors.js';

export const EXIT = {
  OK: 0,
  FAILED: 1,
  USAGE: 2,
  TRANSPORT: 3,
  AUTH: 4,
  CHECK_NO: 5,
  PARTIAL: 6,
  INTERRUPTED: 130,
} as const;

/** Codes of errors the CLI itself raises (not wire codes: they never travel to a server). */
export const CLI_CODES = {
  usage: 'USAGE',
  notFound: 'NOT_FOUND',
  ambiguous: 'AMBIGUOUS',
  interrupted: 'INTERRUPTED',
  internal: 'INTERNAL_ERROR',
} as const;

/** A mistake on the command line: exit 2. `hint` names the help to read. */
export class UsageError extends Error {
  readonly code = CLI_CODES.usage;
  readonly params: readonly string[];
  constructor(message: string, params: readonly string[] = []) {
    super(message);
    this.name = 'UsageError';
    this.params = params;
  }
}

/** A selector matched nothing: exit 1. */
export class NotFoundError extends Error {
  readonly code = CLI_CODES.notFound;
  readonly params: readonly string[];
  constructor(noun: string, selector: string) {
    super(`no ${noun} matches '${selector}'`);
    this.name = 'NotFoundError';
    this.params = [noun, selector];
  }
}

export interface Candidate {
  readonly ref: string;
  readonly uuid: string;
  readonly name?: string;
}

/** A selector matched several objects: exit 1, candidates listed. */
export class AmbiguousError extends Error {
  readonly code = CLI_CODES.ambiguous;
  readonly params: readonly string[];
  readonly candidates: readonly Candidate[];
  constructor(noun: string, selector: string, candidates: readonly Candidate[]) {
    const list = candidates.map((c) => (c.name !== undefined ? `${c.uuid} (${c.name})` : c.uuid)).join(', ');
    super(`'${selector}' matches ${candidates.length} ${noun} objects: ${list}; give a uuid`);
    this.name = 'AmbiguousError';
    this.candidates = candidates;
    this.params = [noun, selector];
  }
}

/** Interrupted (SIGINT) or a prompt declined: exit 130. */
export class InterruptedError extends Error {
  readonly code = CLI_CODES.interrupted;
  constructor(message = 'interrupted') {
    super(message);
    this.name = 'InterruptedError';
  }
}

/** The --timeout deadline passed: exit 3 (a `wait` turns its own deadline into exit 5). */
export class DeadlineError extends Error {
  readonly code = 'TIMEOUT';
  constructor(seconds: number) {
    super(`the deadline of ${seconds} s (--timeout) passed`);
    this.name = 'DeadlineError';
  }
}

/** A failure with a hint added to its sentence (`call vm.get_power_state`: did you mean VM.get_power_state?). */
export class HintedError extends Error {
  readonly failure: unknown;
  readonly hint: string;
  constructor(failure: unknown, hint: string) {
    super(failure instanceof Error ? failure.message : String(failure));
    this.name = 'HintedError';
    this.failure = failure;
    this.hint = hint;
  }
}

const AUTH_CODES: ReadonlySet<string> = new Set([
  ERR.SESSION_AUTHENTICATION_FAILED,
  ERR.SESSION_AUTHORIZATION_FAILED,
  ERR.SESSION_INVALID,
]);

export interface Failure {
  readonly exit: number;
  readonly code: string;
  readonly params: readonly string[];
  readonly message: string;
}

function hasName(e: unknown, ...names: string[]): e is Error {
  return e instanceof Error && names.includes(e.name);
}

function sentence(model: Model | undefined, e: XenApiError): string {
  const def = model?.errors.get(e.code);
  const text = def?.description ?? 'the server refused the call';
  return text.replace(/\.$/, '');
}

/** Classifies any thrown value (wire errors by name: this file does not load the codecs). */
export function describeFailure(e: unknown, model?: Model): Failure {
  if (e instanceof HintedError) {
    const f = describeFailure(e.failure, model);
    return { ...f, message: `${f.message} (${e.hint})` };
  }
  if (e instanceof XenApiError) {
    const exit = AUTH_CODES.has(e.code) ? EXIT.AUTH : EXIT.FAILED;
    return { exit, code: e.code, params: e.params, message: sentence(model, e) };
  }
  if (e instanceof UsageError) return { exit: EXIT.USAGE, code: e.code, params: e.params, message: e.message };
  if (e instanceof NotFoundError || e instanceof AmbiguousError) {
    return { exit: EXIT.FAILED, code: e.code, params: e.params, message: e.message };
  }
  if (e instanceof InterruptedError || hasName(e, 'AbortError')) {
    const message = e instanceof InterruptedError ? e.message : 'interrupted';
    return { exit: EXIT.INTERRUPTED, code: CLI_CODES.interrupted, params: [], message };
  }
  if (e instanceof DeadlineError) return { exit: EXIT.TRANSPORT, code: e.code, params: [], message: e.message };
  if (e instanceof ConfigError) {
    return { exit: e.kind === 'auth' ? EXIT.AUTH : EXIT.USAGE, code: e.kind === 'auth' ? 'AUTH' : CLI_CODES.usage, params: [], message: e.message };
  }
  if (e instanceof TransportError) return { exit: EXIT.TRANSPORT, code: e.code, params: [e.target], message: e.message };
  if (hasName(e, 'WireError', 'WireTypeError')) {
    const code = (e as Error & { code?: unknown }).code;
    return { exit: EXIT.TRANSPORT, code: typeof code === 'string' ? code : e.name, params: [], message: e.message };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { exit: EXIT.FAILED, code: CLI_CODES.internal, params: [], message };
}

/** Control characters other than tab (ESC, BEL, ...) shown as `\xNN`: a server's or a user's text cannot drive the terminal. */
function visible(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function oneLine(text: string): string {
  return visible(text.replace(/\s*[\r\n]+\s*/g, ' ').trimEnd());
}

/** The stderr text of a failure: `xenctl: sentence [CODE p1 p2]`, or the JSON error object for json/ndjson. */
export function formatFailure(f: Failure, json: boolean): string {
  if (json) return `${JSON.stringify({ error: { code: f.code, params: f.params, message: f.message } })}\n`;
  const tag = f.code === CLI_CODES.usage || f.code === CLI_CODES.internal ? '' : ` [${[f.code, ...f.params].join(' ')}]`;
  // One line, whatever the message carries (OpenSSL's texts end in a newline; a server's may hold several).
  return `xenctl: ${oneLine(f.message)}${oneLine(tag)}\n`;
}
