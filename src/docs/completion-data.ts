// What the shell completion scripts embed, computed from the command specs and the model: nouns, verbs, flags
// (with what their values are), positionals and field names. One line-oriented table, read by all three shells.
import type { Model, XenType } from '../model/types.js';
import type { CommandSpec, FlagSpec, PositionalSpec } from '../cli/spec.js';
import { GLOBAL_FLAGS } from '../cli/globals.js';
import { FORMATS } from '../render/types.js';
import { allNouns, commandsOf } from '../cli/registry.js';
import { classOfNoun, fieldCliName, nounOf } from '../cli/generic/names.js';
import { settableFields } from '../cli/generic/access.js';
import { serveOptions } from './serve-options.js';

/**
 * What a value slot takes:
 * `@noun` live object names of that class (asked of `xenctl __complete`); `%fields` the noun's field names;
 * `%fields=` field names followed by `=` (then the field's values, for enum and bool fields); `%settable=` the
 * settable ones; `:a,b` fixed choices; `!file` a path;
 * `` anything (nothing offered).
 */
export type SlotKind = string;

export interface CompletionData {
  readonly nouns: readonly string[];
  /** noun -> first words of its verbs. */
  readonly verbs: ReadonlyMap<string, readonly string[]>;
  /** `noun verb` -> second words, for two-word verbs (`vm profile add`). */
  readonly subverbs: ReadonlyMap<string, readonly string[]>;
  /** `noun verb` (or `noun` for a bare command) -> positional slots and flags (`--x` switch, `--x=KIND`). */
  readonly commands: ReadonlyMap<string, { readonly positionals: readonly SlotKind[]; readonly flags: readonly string[] }>;
  /** noun -> CLI field names; noun -> settable ones. */
  readonly fields: ReadonlyMap<string, readonly string[]>;
  readonly settable: ReadonlyMap<string, readonly string[]>;
  /** `noun field` -> the values of an enum or bool field (after `field=` in --where, set, wait). */
  readonly values: ReadonlyMap<string, readonly string[]>;
  readonly globals: readonly string[];
}

const FIELD_FLAGS = new Set(['columns', 'sort']);
const FILE_METAVARS = new Set(['FILE', 'PATH', 'DIR']);

/** Choices are written comma-separated in the table. Values holding a comma or a space cannot be: a slot with
 * such values (profiles: "web server") asks the backend (`xenctl __complete`), which offers them all. */
function choices(values: readonly string[]): SlotKind {
  const plain = values.filter((v) => /^[^\s,:]+$/.test(v));
  return plain.length < values.length ? '@' : `:${plain.join(',')}`;
}

function typeSlot(model: Model, type: XenType | undefined): SlotKind {
  if (type === undefined) return '';
  if (type.kind === 'ref') return model.findClass(type.cls) === undefined ? '' : `@${nounOf(type.cls)}`;
  if (type.kind === 'enum') return choices(model.enums.get(type.name)?.values ?? []);
  if (type.kind === 'bool') return ':true,false';
  if (type.kind === 'option') return typeSlot(model, type.of);
  return '';
}

function flagSlot(model: Model, f: FlagSpec): SlotKind {
  if (f.name === 'output') return choices(FORMATS);
  if (f.choices !== undefined) return choices(f.choices);
  if (FIELD_FLAGS.has(f.name)) return '%fields';
  if (f.name === 'where') return '%fields=';
  if (f.metavar !== undefined && FILE_METAVARS.has(f.metavar)) return '!file';
  if (f.kind === 'xen') return typeSlot(model, f.type);
  // A hand-written flag whose placeholder names a class (`--to HOST`) takes one of its objects.
  const cls = f.metavar === undefined ? undefined : classOfNoun(model, f.metavar.toLowerCase());
  return cls === undefined ? '' : `@${nounOf(cls.name)}`;
}

function flagEntries(model: Model, flags: readonly FlagSpec[]): string[] {
  return flags.flatMap((f) => {
    const value = f.kind === 'bool' ? '' : `=${flagSlot(model, f)}`;
    return [`--${f.name}${value}`, ...(f.short === undefined ? [] : [`-${f.short}${value}`])];
  });
}

function positionalSlot(model: Model, spec: CommandSpec, p: PositionalSpec): SlotKind {
  if (p.choices !== undefined) return choices(p.choices);
  const cls = classOfNoun(model, spec.noun);
  if (classOfNoun(model, p.name) !== undefined) return `@${p.name}`;
  if (cls === undefined) return '';
  if (p.name === 'field') return '%fields';
  if (p.name === 'condition') return '%fields=';
  if (p.name === 'assignment') return spec.verb === 'set' ? '%settable=' : '%fields=';
  return '';
}

function commandKey(spec: CommandSpec): string {
  return spec.verb === undefined ? spec.noun : `${spec.noun} ${spec.verb}`;
}

export function completionData(model: Model): CompletionData {
  const nouns = allNouns(model).filter((n) => !n.startsWith('__'));
  const verbs = new Map<string, string[]>();
  const subverbs = new Map<string, string[]>();
  const commands = new Map<string, { positionals: SlotKind[]; flags: string[] }>();
  const fields = new Map<string, string[]>();
  const settable = new Map<string, string[]>();
  const values = new Map<string, string[]>();
  for (const noun of nouns) {
    const specs = (commandsOf(model, noun) ?? []).filter((s) => s.hidden !== true);
    const first: string[] = [];
    for (const spec of specs) {
      if (spec.verb !== undefined) {
        const [a = '', b] = spec.verb.split(' ');
        if (!first.includes(a)) first.push(a);
        if (b !== undefined) subverbs.set(`${noun} ${a}`, [...(subverbs.get(`${noun} ${a}`) ?? []), b]);
      }
      const positionals = spec.passthrough === true ? [] : spec.positionals.map((p) => `${positionalSlot(model, spec, p) || '-'}${p.variadic === true ? '*' : ''}`);
      const flags = spec.passthrough === true && spec.noun === 'serve' ? serveFlags() : flagEntries(model, spec.flags);
      commands.set(commandKey(spec), { positionals, flags });
    }
    if (first.length > 0) verbs.set(noun, first);
    const cls = classOfNoun(model, noun);
    if (cls !== undefined) {
      fields.set(noun, cls.fields.map((f) => fieldCliName(f.name)));
      settable.set(noun, settableFields(cls).map((f) => fieldCliName(f.name)));
      for (const f of cls.fields) {
        const slot = f.type.kind === 'enum' || f.type.kind === 'bool' ? typeSlot(model, f.type) : '';
        if (slot.length > 1) values.set(`${noun} ${fieldCliName(f.name)}`, slot.slice(1).split(','));
      }
    }
  }
  verbs.set('help', nouns.filter((n) => n !== 'help'));
  return { nouns, verbs, subverbs, commands, fields, settable, values, globals: flagEntries(model, GLOBAL_FLAGS) };
}

/** serve parses its own options (its spec passes the line through): read them from its usage text. */
function serveFlags(): string[] {
  return serveOptions().map((o) => (o.metavar === undefined ? `--${o.name}` : `--${o.name}=${FILE_METAVARS.has(o.metavar) ? '!file' : ''}`));
}

/**
 * The table as key -> space-separated words: `n` nouns, `g` global flags, `v|noun` verbs, `s|noun verb` second
 * words, `p|cmd` positional slots, `o|cmd` flags, `f|noun` fields, `e|noun` settable fields, `x|noun field` values.
 */
export function completionEntries(data: CompletionData): Array<readonly [string, string]> {
  const out: Array<readonly [string, string]> = [['n', data.nouns.join(' ')], ['g', data.globals.join(' ')]];
  for (const [noun, vs] of data.verbs) out.push([`v|${noun}`, vs.join(' ')]);
  for (const [key, ws] of data.subverbs) out.push([`s|${key}`, ws.join(' ')]);
  for (const [key, c] of data.commands) out.push([`p|${key}`, c.positionals.join(' ')], [`o|${key}`, c.flags.join(' ')]);
  for (const [noun, fs] of data.fields) out.push([`f|${noun}`, fs.join(' ')]);
  for (const [noun, fs] of data.settable) out.push([`e|${noun}`, fs.join(' ')]);
  for (const [key, vs] of data.values) out.push([`x|${key}`, vs.join(' ')]);
  return out;
}
