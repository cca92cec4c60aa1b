// Help text, read from the specs: top level, per noun, per command.
import type { Model } from '../model/types.js';
import { formatType } from '../model/index.js';
import type { CommandSpec, FlagSpec } from './spec.js';
import { GLOBAL_FLAGS } from './globals.js';
import { classOfNoun } from './generic/names.js';
import { classNouns, handwrittenNouns } from './registry.js';

export const EXIT_STATUS = [
  ['0', 'success (including an empty list)'],
  ['1', 'the server refused the call, or an object was not found (or several matched)'],
  ['2', 'usage error'],
  ['3', 'cannot connect; transport or protocol error'],
  ['4', 'authentication failed'],
  ['5', 'a check answered no (--test, qualify, a wait that timed out)'],
  ['6', 'a bulk operation failed for some objects'],
  ['130', 'interrupted, or a prompt declined'],
] as const;

const GENERIC_VERBS: readonly string[] = ['list', 'get', 'set', 'create', 'destroy'];

const GLOBAL_NAMES: ReadonlySet<string> = new Set(GLOBAL_FLAGS.map((f) => f.name));

function flagLine(f: FlagSpec, own = false): [string, string] {
  const short = f.short === undefined ? '    ' : `-${f.short}, `;
  const value = f.kind === 'bool' ? '' : ` ${f.metavar ?? 'VALUE'}`;
  const shadows = own && GLOBAL_NAMES.has(f.name) ? `the global --${f.name} goes before the noun` : '';
  const extra = [f.required === true ? 'required' : '', f.choices !== undefined ? `one of: ${f.choices.join(', ')}` : '', shadows]
    .filter((s) => s !== '').join('; ');
  return [`${short}--${f.name}${value}`, extra === '' ? f.summary : `${f.summary} [${extra}]`];
}

function table(rows: ReadonlyArray<readonly [string, string]>, indent = '  '): string {
  const w = Math.min(34, Math.max(0, ...rows.map((r) => r[0].length)));
  return rows.map(([a, b]) => (a.length > w ? `${indent}${a}\n${indent}${' '.repeat(w + 2)}${b}` : `${indent}${a.padEnd(w)}  ${b}`)).join('\n');
}

function wrapWords(words: readonly string[], width = 100, indent = '  '): string {
  const lines: string[] = [];
  let cur = indent;
  for (const w of words) {
    if (cur.length + w.length + 1 > width && cur.trim() !== '') {
      lines.push(cur.trimEnd());
      cur = indent;
    }
    cur += `${w} `;
  }
  if (cur.trim() !== '') lines.push(cur.trimEnd());
  return lines.join('\n');
}

export function exitStatusText(): string {
  return `EXIT STATUS\n${table(EXIT_STATUS.map(([a, b]) => [a, b] as const))}\n`;
}

export function globalOptionsText(): string {
  return `GLOBAL OPTIONS (accepted anywhere on the line; where a command has an option of the same name, give the\nglobal one before the noun)\n${table(GLOBAL_FLAGS.map((f) => flagLine(f)))}\n`;
}

export function topHelp(model: Model): string {
  return [
    'xenctl — administer Xen pools through the XenAPI\n',
    'USAGE\n  xenctl [global options] <noun> <verb> [object] [options]\n  xenctl help <noun> [<verb>]\n',
    `NOUNS (one per XenAPI class; verbs: list, get, set, create, destroy and one per message)\n${wrapWords(classNouns(model))}\n`,
    `OTHER COMMANDS\n${wrapWords([...handwrittenNouns(), 'help'])}\n`,
    globalOptionsText(),
    'ENVIRONMENT\n  XENCTL_URL, XENCTL_USER, XENCTL_PASSWORD_FILE, XENCTL_CONTEXT, NO_COLOR, FORCE_COLOR\n  Precedence: flags > environment > context > defaults. Nothing configured means local: (an embedded demo server).\n',
    exitStatusText(),
  ].join('\n');
}

export function nounHelp(model: Model, noun: string, specs: readonly CommandSpec[]): string {
  const cls = classOfNoun(model, noun);
  const head = cls === undefined ? `xenctl ${noun}\n` : `xenctl ${noun} — ${cls.description}\n`;
  // The generic verbs first, in their usual order, then the rest alphabetically.
  const rank = (v: string): number => {
    const i = GENERIC_VERBS.indexOf(v);
    return i < 0 ? GENERIC_VERBS.length : i;
  };
  const verbs = specs.filter((s) => s.verb !== undefined && s.hidden !== true).map((s) => [s.verb ?? '', s.summary] as const)
    .sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]));
  return `${head}\nUSAGE\n  xenctl ${noun} <verb> [object] [options]\n\nVERBS\n${table(verbs)}\n\nRun 'xenctl help ${noun} <verb>' for a verb's parameters.\n`;
}

export function synopsis(spec: CommandSpec): string {
  const pos = spec.positionals.map((p) => {
    const name = `<${p.name}>${p.variadic === true ? '...' : ''}`;
    return p.required ? name : `[${name}]`;
  });
  const flags = spec.flags.map((f) => {
    const text = f.kind === 'bool' ? `--${f.name}` : `--${f.name} ${f.metavar ?? 'VALUE'}`;
    return f.required === true ? text : `[${text}]`;
  });
  return ['xenctl', spec.noun, ...(spec.verb === undefined ? [] : [spec.verb]), ...pos, ...flags].join(' ');
}

export function commandHelp(model: Model, spec: CommandSpec): string {
  const parts = [`${synopsis(spec)}\n\n${spec.summary}${spec.description === undefined || spec.helpDetails !== undefined ? '' : `\n${spec.description}`}\n`];
  if (spec.positionals.length > 0) {
    parts.push(`ARGUMENTS\n${table(spec.positionals.map((p) => [`<${p.name}>`, p.summary] as const))}\n`);
  }
  if (spec.flags.length > 0) parts.push(`OPTIONS\n${table(spec.flags.map((f) => flagLine(f, true)))}\n`);
  if (spec.helpDetails !== undefined) parts.push(`${spec.helpDetails()}\n`);
  if (spec.message !== undefined) {
    const msg = model.findMessage(spec.message);
    const sig = msg === undefined ? '' : `(${msg.params.map((p) => `${formatType(p.type)} ${p.name}`).join(', ')}) -> ${formatType(msg.result)}`;
    parts.push(`XENAPI\n  ${spec.message}${sig}\n`);
  }
  if (spec.roles !== undefined && spec.roles.length > 0) {
    parts.push(`ROLES ALLOWED\n  ${spec.roles.filter((r) => r !== 'client-cert').join(', ')}\n`);
  }
  parts.push("Global options (-o FORMAT, -c COLS, --where, --url, ...) apply too: see 'xenctl --help'.\n");
  parts.push(exitStatusText());
  return parts.join('\n');
}
