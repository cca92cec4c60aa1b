// A small parser driven by the specs: global options anywhere, command flags, positionals.
import type { CommandSpec, FlagSpec, ParsedArgs } from './spec.js';
import { GLOBAL_FLAGS } from './globals.js';
import { UsageError } from './errors.js';
import { didYouMean } from './suggest.js';

export type RawFlags = Record<string, string | boolean | string[]>;

/** The words of the line that are not options, with their positions; global options and their values skipped. */
export function scanWords(argv: readonly string[]): Array<{ text: string; index: number }> {
  const out: Array<{ text: string; index: number }> = [];
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i] ?? '';
    if (tok === '--') {
      for (let j = i + 1; j < argv.length; j++) out.push({ text: argv[j] ?? '', index: j });
      break;
    }
    if (tok.startsWith('-') && tok.length > 1) {
      const flag = findFlag(GLOBAL_FLAGS, tok);
      if (flag !== undefined && flag.spec.kind !== 'bool' && flag.inline === undefined) i++;
      continue;
    }
    out.push({ text: tok, index: i });
  }
  return out;
}

function norm(name: string): string {
  return name.replace(/_/g, '-').toLowerCase();
}

/** Finds the spec a token names: `--name`, `--name=value`, `-x`, `-xVALUE`; wire spelling accepted. */
export function findFlag(specs: readonly FlagSpec[], tok: string): { spec: FlagSpec; inline?: string } | undefined {
  if (tok.startsWith('--')) {
    const eq = tok.indexOf('=');
    const name = norm(eq < 0 ? tok.slice(2) : tok.slice(2, eq));
    const spec = specs.find((s) => norm(s.name) === name);
    if (spec === undefined) return undefined;
    return eq < 0 ? { spec } : { spec, inline: tok.slice(eq + 1) };
  }
  const letter = tok.slice(1, 2);
  const spec = specs.find((s) => s.short === letter);
  if (spec === undefined) return undefined;
  return tok.length > 2 ? { spec, inline: tok.slice(2) } : { spec };
}

const TRUE = new Set(['true', 'yes', 'on', '1']);
const FALSE = new Set(['false', 'no', 'off', '0']);

function isBoolWord(text: string): boolean {
  const t = text.toLowerCase();
  return TRUE.has(t) || FALSE.has(t);
}

function boolOf(spec: FlagSpec, text: string): boolean {
  const t = text.toLowerCase();
  if (TRUE.has(t)) return true;
  if (FALSE.has(t)) return false;
  throw new UsageError(`--${spec.name} takes true or false, not '${text}'`);
}

function store(out: RawFlags, spec: FlagSpec, value: string | boolean): void {
  if (spec.choices !== undefined && typeof value === 'string' && !spec.choices.includes(value)) {
    throw new UsageError(`--${spec.name} must be one of ${spec.choices.join(', ')}, not '${value}'${didYouMean(value, spec.choices)}`);
  }
  if (spec.repeatable === true && typeof value === 'string') {
    const prev = out[spec.name];
    out[spec.name] = Array.isArray(prev) ? [...prev, value] : [value];
  } else {
    out[spec.name] = value;
  }
}

export interface ParsedLine {
  readonly args: ParsedArgs;
  readonly globals: RawFlags;
  /** Everything after the command words, untouched, for passthrough commands. */
  readonly rest: readonly string[];
}

/**
 * Parses the whole line for a command, skipping the positions of its noun/verb words. After the noun, command
 * flags win over global options of the same name; before it, only global options are read. With `spec`
 * undefined only global options are read (help, errors).
 */
export function parseLine(argv: readonly string[], skip: ReadonlySet<number>, spec: CommandSpec | undefined,
  restFrom?: number): ParsedLine {
  const flags: RawFlags = {};
  const globals: RawFlags = {};
  const words: string[] = [];
  const own = spec?.flags ?? [];
  const end = restFrom ?? argv.length;
  // Before the command's first word only global options count, so `xenctl --url U vm import --url X` works.
  const commandStart = skip.size === 0 ? 0 : Math.min(...skip);
  for (let i = 0; i < end; i++) {
    if (skip.has(i)) continue;
    const tok = argv[i] ?? '';
    if (tok === '--') {
      for (let j = i + 1; j < end; j++) if (!skip.has(j)) words.push(argv[j] ?? '');
      break;
    }
    if (!tok.startsWith('-') || tok.length === 1 || /^-\d/.test(tok)) {
      words.push(tok);
      continue;
    }
    const mine = i < commandStart ? undefined : findFlag(own, tok);
    const hit = mine ?? findFlag(GLOBAL_FLAGS, tok);
    if (hit === undefined) {
      const names = [...own, ...GLOBAL_FLAGS].map((f) => `--${f.name}`);
      const bare = tok.split('=')[0] ?? tok;
      throw new UsageError(`unknown option '${bare}'${didYouMean(bare, names)}`);
    }
    const target = mine !== undefined ? flags : globals;
    if (hit.spec.kind === 'bool') {
      const word = hit.inline !== undefined && hit.spec.inlineWord === true && !isBoolWord(hit.inline) ? hit.inline : undefined;
      if (word !== undefined) words.push(word);
      store(target, hit.spec, hit.inline === undefined || word !== undefined ? true : boolOf(hit.spec, hit.inline));
      continue;
    }
    let value = hit.inline;
    if (value === undefined) {
      i++;
      if (i >= end) throw new UsageError(`option --${hit.spec.name} needs a value`);
      value = argv[i] ?? '';
    }
    store(target, hit.spec, value);
  }
  const rest = restFrom === undefined ? [] : argv.slice(restFrom);
  return { args: { pos: spec === undefined ? {} : assignPositionals(spec, words, globals['where'] !== undefined), flags }, globals, rest };
}

/**
 * Verbs on one object may choose their objects with --where instead (bulk verbs, src/cli/bulk): the generated
 * message verbs, `destroy` and `set` (spec.selectsByWhere). With --where that positional is left out (the
 * words fill the rest) and the command decides. Other commands keep their positionals, so a --where they do
 * not take cannot swallow their object.
 */
function objectByWhere(spec: CommandSpec, whereGiven: boolean): boolean {
  const first = spec.positionals[0];
  return whereGiven && spec.selectsByWhere === true && first !== undefined && first.variadic !== true;
}

function assignPositionals(spec: CommandSpec, words: readonly string[], whereGiven = false): ParsedArgs['pos'] {
  const pos: Record<string, string | readonly string[]> = {};
  const skipObject = objectByWhere(spec, whereGiven);
  let w = 0;
  for (const p of spec.positionals) {
    if (skipObject && p === spec.positionals[0]) continue;
    if (p.variadic === true) {
      pos[p.name] = words.slice(w);
      if (p.required && w >= words.length) throw new UsageError(`missing <${p.name}>`);
      w = words.length;
      continue;
    }
    const word = words[w];
    if (word === undefined) {
      if (p.required) throw new UsageError(`missing <${p.name}>`);
      continue;
    }
    pos[p.name] = word;
    w++;
  }
  if (w < words.length) throw new UsageError(`unexpected argument '${words[w] ?? ''}'${skipObject ? ' (the objects come from --where)' : ''}`);
  return pos;
}

/** Required flags that are absent (checked after --help has had its chance). */
export function missingFlags(spec: CommandSpec, args: ParsedArgs): string[] {
  return spec.flags.filter((f) => f.required === true && args.flags[f.name] === undefined).map((f) => `--${f.name}`);
}
