// `xenctl __complete WORD... CURRENT`: candidates for the word being typed, read from the specs (the shell
// scripts only forward the line here, as virsh's and gh's do).
import type { ClassDef, Model } from '../model/types.js';
import type { CommandSpec, FlagSpec, PositionalSpec } from './spec.js';
import { GLOBAL_FLAGS } from './globals.js';
import { FORMATS } from '../render/types.js';
import { findFlag } from './parse.js';
import { allNouns, commandsOf } from './registry.js';
import { classOfNoun, fieldCliName } from './generic/names.js';
import { settableFields } from './generic/access.js';

const FIELD_FLAGS = new Set(['columns', 'sort', 'where']);

function flagNames(flags: readonly FlagSpec[]): string[] {
  return flags.map((f) => `--${f.name}`);
}

/** The positional the next word fills, given how many words (noun and verb words included) come before it. */
function positionalAt(spec: CommandSpec, before: number): PositionalSpec | undefined {
  const index = before - 1 - (spec.verb === undefined ? 0 : spec.verb.split(' ').length);
  return index < 0 ? undefined : spec.positionals[index];
}

interface Scan {
  readonly words: readonly string[];
  readonly spec: CommandSpec | undefined;
  readonly pendingFlag: FlagSpec | undefined;
}

/** Reads the words before the one being completed: the command they name and a flag still waiting for its value. */
function scan(model: Model, before: readonly string[]): Scan {
  const words: string[] = [];
  let pendingFlag: FlagSpec | undefined;
  let spec: CommandSpec | undefined;
  for (const tok of before) {
    if (pendingFlag !== undefined) {
      pendingFlag = undefined;
      continue;
    }
    if (tok.startsWith('-') && tok.length > 1) {
      const hit = findFlag([...(spec?.flags ?? []), ...GLOBAL_FLAGS], tok);
      if (hit !== undefined && hit.spec.kind !== 'bool' && hit.inline === undefined) pendingFlag = hit.spec;
      continue;
    }
    words.push(tok);
    if (words.length === 2 || (words.length === 1 && commandsOf(model, tok)?.some((c) => c.verb === undefined) === true)) {
      const specs = commandsOf(model, words[0] ?? '') ?? [];
      spec = specs.find((c) => c.verb === words[1]) ?? specs.find((c) => c.verb === undefined);
    } else if (words.length === 3 && spec === undefined) {
      spec = (commandsOf(model, words[0] ?? '') ?? []).find((c) => c.verb === `${words[1] ?? ''} ${words[2] ?? ''}`);
    }
  }
  return { words, spec, pendingFlag };
}

/**
 * The class whose objects the word being completed names (an object positional, or a flag taking a reference),
 * so the caller can offer live names; undefined for any other slot.
 */
export function objectSlot(model: Model, before: readonly string[]): ClassDef | undefined {
  const { words, spec, pendingFlag } = scan(model, before);
  if (pendingFlag !== undefined) {
    const t = pendingFlag.kind === 'xen' ? pendingFlag.type : undefined;
    if (t?.kind === 'ref') return model.findClass(t.cls);
    // A hand-written flag whose placeholder names a class (`--to HOST`) takes one of its objects.
    return pendingFlag.kind === 'string' && pendingFlag.metavar !== undefined ? classOfNoun(model, pendingFlag.metavar.toLowerCase()) : undefined;
  }
  if (spec === undefined || spec.passthrough === true) return undefined;
  const pos = positionalAt(spec, words.length);
  return pos === undefined ? undefined : classOfNoun(model, pos.name);
}

/** The positional being completed when it offers values in use on live objects (`vm profile add VM <TAB>`). */
export function valueSlot(model: Model, before: readonly string[]): { cls: ClassDef; pos: PositionalSpec } | undefined {
  const { words, spec, pendingFlag } = scan(model, before);
  if (pendingFlag !== undefined || spec === undefined) return undefined;
  const pos = positionalAt(spec, words.length);
  const cls = classOfNoun(model, spec.noun);
  return pos?.liveValues === undefined || cls === undefined ? undefined : { cls, pos };
}

/** Candidates for `current`, given the words before it. */
export function complete(model: Model, before: readonly string[], current: string): string[] {
  const { words, spec, pendingFlag } = scan(model, before);
  const noun = words[0];
  const cls = noun === undefined ? undefined : classOfNoun(model, noun);
  const fields = cls === undefined ? [] : cls.fields.map((f) => fieldCliName(f.name));
  let out: string[];
  if (pendingFlag !== undefined) {
    if (pendingFlag.name === 'output') out = [...FORMATS];
    else if (pendingFlag.choices !== undefined) out = [...pendingFlag.choices];
    else if (FIELD_FLAGS.has(pendingFlag.name)) out = fields;
    else out = [];
  } else if (current.startsWith('-')) {
    out = [...flagNames(spec?.flags ?? []), ...flagNames(GLOBAL_FLAGS)];
  } else if (noun === undefined) {
    out = allNouns(model).filter((n) => !n.startsWith('__'));
  } else if (words.length === 1) {
    out = [...new Set((commandsOf(model, noun) ?? []).flatMap((c) => (c.verb === undefined ? [] : [c.verb.split(' ')[0] ?? ''])))];
  } else if (words.length === 2 && spec === undefined) {
    const prefix = `${words[1] ?? ''} `;
    out = (commandsOf(model, noun) ?? []).flatMap((c) => (c.verb?.startsWith(prefix) === true ? [c.verb.slice(prefix.length)] : []));
  } else if (spec !== undefined && positionalAt(spec, words.length)?.choices !== undefined) {
    out = [...(positionalAt(spec, words.length)?.choices ?? [])];
  } else if (spec !== undefined && cls !== undefined && spec.positionals.some((p) => p.variadic === true)) {
    const objFirst = spec.positionals[0]?.variadic !== true;
    if (objFirst && words.length === 2) out = [];
    else if (spec.verb === 'set') out = settableFields(cls).map((f) => `${fieldCliName(f.name)}=`);
    else if (spec.verb === 'create') out = fields.map((f) => `${f}=`);
    else out = fields;
  } else {
    out = [];
  }
  return out.filter((c) => c.startsWith(current));
}

