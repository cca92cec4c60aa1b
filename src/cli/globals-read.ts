// Raw global option values -> GlobalOptions, checked.
import type { GlobalOptions } from './globals.js';
import type { RawFlags } from './parse.js';
import { UsageError } from './errors.js';

function str(raw: RawFlags, name: string): string | undefined {
  const v = raw[name];
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v[v.length - 1];
  return undefined;
}

function list(raw: RawFlags, name: string): string[] {
  const v = raw[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

function opt<K extends string, V>(key: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: V };
}

export function toGlobals(raw: RawFlags): GlobalOptions {
  const t = str(raw, 'timeout');
  let timeout: number | undefined;
  if (t !== undefined) {
    timeout = Number(t);
    if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError(`--timeout takes a number of seconds, not '${t}'`);
  }
  const protocol = str(raw, 'protocol') as GlobalOptions['protocol'];
  const p = str(raw, 'parallel');
  const parallel = p === undefined ? undefined : /^\d+$/.test(p) ? Number(p) : NaN;
  if (parallel !== undefined && (!Number.isSafeInteger(parallel) || parallel < 1)) throw new UsageError(`--parallel takes a whole number from 1, not '${p ?? ''}'`);
  return {
    ...opt('url', str(raw, 'url')),
    ...opt('user', str(raw, 'user')),
    ...opt('passwordFile', str(raw, 'password-file')),
    ...opt('context', str(raw, 'context')),
    ...opt('output', str(raw, 'output')),
    columns: list(raw, 'columns'),
    ...opt('sort', str(raw, 'sort')),
    where: list(raw, 'where'),
    dryRun: raw['dry-run'] === true,
    yes: raw['yes'] === true,
    multiple: raw['multiple'] === true,
    ...opt('parallel', parallel),
    continueOnError: raw['continue-on-error'] === true,
    ...opt('timeout', timeout),
    ...opt('protocol', protocol),
    insecure: raw['insecure'] === true,
    ...opt('ca', str(raw, 'ca')),
    ...opt('identity', str(raw, 'identity')),
    ...opt('remoteCommand', str(raw, 'remote-command')),
    quiet: raw['quiet'] === true,
    debug: raw['debug'] === true,
    help: raw['help'] === true,
    version: raw['version'] === true,
  };
}
