// Expands the compact generated data (and, optionally, the extensions) into a Model.
import { classDescription, fieldDescription, messageDescription } from './describe.js';
import { KNOWN_ERROR_CODES, errorDef } from './error-catalogue.js';
import { ModelError, classProblems } from './validate.js';
import { mergeExtensions } from './merge-extensions.js';
import { PARAM_DEFAULTS, deriveImplicit, isAsync } from './implicit.js';
import { typeParserCache } from './parse-type.js';
import { decodeRoles } from './roles.js';
import { decodeDefault, zeroValue } from './values.js';
import type { CClass, CField, CMessage, CompactModel, CompactSource, LifeCode, QualCode } from './compact.js';
import type { Extension } from './extensions/types.js';
import type {
  ClassDef, EnumDef, ErrorDef, FieldDef, Lifecycle, MessageDef, Model, ParamDef, Qualifier, XenType,
} from './types.js';

const LIFE: Readonly<Record<LifeCode, Lifecycle>> = { '': 'published', x: 'prototyped', d: 'deprecated', r: 'removed' };
const QUAL: Readonly<Record<QualCode, Qualifier>> = { w: 'RW', c: 'RO/constructor', r: 'RO/runtime' };

export interface BuildContext {
  readonly type: (spelling: string) => XenType;
  readonly enums: ReadonlyMap<string, EnumDef>;
}

export function buildField(ctx: BuildContext, cls: string, f: CField): FieldDef {
  const type = ctx.type(f[1]);
  const qualifier = QUAL[f[2]];
  const description = fieldDescription(cls, f[0], qualifier);
  return f.length === 6
    ? { name: f[0], type, qualifier, default: decodeDefault(type, f[5]), lifecycle: LIFE[f[3]], description }
    : { name: f[0], type, qualifier, lifecycle: LIFE[f[3]], description };
}

export function buildMessage(ctx: BuildContext, cls: string, m: CMessage, hasField: (f: string) => boolean = () => false): MessageDef {
  const defaults = PARAM_DEFAULTS[`${cls}.${m[0]}`];
  const params: ParamDef[] = m[1].map((p) => {
    const type = ctx.type(p[1]);
    if (p.length === 2) return { name: p[0], type, required: true };
    const given = defaults?.[p[0]];
    return { name: p[0], type, required: false, default: given === undefined ? zeroValue(type, ctx.enums) : decodeDefault(type, given) };
  });
  const sessionless = m[6].includes('s');
  return {
    cls, name: m[0], params, result: ctx.type(m[2]), errors: m[3], roles: decodeRoles(m[4]),
    async: isAsync(cls, m[0], undefined, sessionless), sessionless, lifecycle: LIFE[m[5]],
    description: messageDescription(cls, m[0], hasField),
  };
}

/** One class: its fields, explicit messages, then the implicit messages derived from the fields. */
export function buildClass(ctx: BuildContext, c: CClass, extra?: ClassExtras): ClassDef {
  const fields: FieldDef[] = [];
  const setter = new Map<string, number>();
  for (const f of c.fields) {
    fields.push(buildField(ctx, c.name, f));
    if (f[4] !== 0) setter.set(f[0], f[4]);
  }
  const messages: MessageDef[] = [];
  const taken = new Set<string>();
  const names = new Set(c.fields.map((f) => f[0]));
  const hasField = (f: string): boolean => names.has(f);
  for (const cm of c.messages) {
    const m = buildMessage(ctx, c.name, cm, hasField);
    messages.push(extra?.patchMessage?.(m) ?? m);
    taken.add(m.name);
  }
  if (extra !== undefined) {
    fields.push(...extra.fields);
    for (const [k, v] of extra.setterRoles) setter.set(k, v);
  }
  const lifecycle = LIFE[c.life];
  const implicit = deriveImplicit({
    cls: c.name, lifecycle, flags: c.flags, fields, roles: c.roles, setterRole: (f) => setter.get(f) ?? 0,
    ...(extra === undefined ? {} : { extensionFields: new Set(extra.fields.map((f) => f.name)) }),
  });
  for (const m of implicit) if (!taken.has(m.name)) messages.push(m);
  if (extra !== undefined) messages.push(...extra.messages);
  return { name: c.name, description: classDescription(c.name), fields, messages, lifecycle };
}

/** What the extensions add to one class. */
export interface ClassExtras {
  readonly fields: readonly FieldDef[];
  readonly setterRoles: ReadonlyMap<string, number>;
  readonly messages: readonly MessageDef[];
  readonly patchMessage?: (m: MessageDef) => MessageDef | undefined;
}

/** A whole CompactModel as a source (tests, and small hand-made models). */
export function sourceOf(m: CompactModel): CompactSource {
  const { classes, ...rest } = m;
  return { head: { ...rest, classNames: classes.map((c) => c.name) }, classData: (i) => classes[i]! };
}

export function buildModel(src: CompactSource | CompactModel, extensions: readonly Extension[] | undefined): Model {
  const { head, classData } = 'head' in src ? src : sourceOf(src);
  const enums = new Map<string, EnumDef>(head.enums.map(([name, values]) => [name, { name, values }]));
  const ctx: BuildContext = { type: typeParserCache(), enums };
  const extras = extensions === undefined ? new Map<string, ClassExtras>() : mergeExtensions(ctx, extensions);
  const errorCodes = new Set(head.errorCodes);
  for (const x of extras.values()) for (const m of x.messages) for (const e of m.errors) errorCodes.add(e);
  for (const c of KNOWN_ERROR_CODES) errorCodes.add(c);
  const errors = new LazyMap<ErrorDef>([...errorCodes].sort(), errorDef);
  const classNames = head.classNames;
  const index = new Map<string, number>(classNames.map((n, i) => [n, i]));
  const known = { classes: new Set(classNames), enums, errors };
  const strays = [...extras.keys()].filter((c) => !known.classes.has(c));
  if (strays.length > 0) throw new ModelError(strays.map((c) => `an extension names unknown class ${c}`));
  const classes = new LazyMap<ClassDef>(classNames, (name) => {
    const c = buildClass(ctx, classData(index.get(name)!), extras.get(name));
    const problems = classProblems(c, known);
    if (problems.length > 0) throw new ModelError(problems);
    return c;
  });
  return makeModel(extensions !== undefined, classes, enums, errors);
}

/** Wraps the maps with the lookup helpers (their indexes are built on first use). */
export function makeModel(
  extensions: boolean, classes: ReadonlyMap<string, ClassDef>, enums: ReadonlyMap<string, EnumDef>,
  errors: Model['errors'],
): Model {
  let byLower: Map<string, string> | undefined;
  const msgIndex = new Map<ClassDef, Map<string, MessageDef>>();
  const fieldIndex = new Map<ClassDef, Map<string, FieldDef>>();
  const findClass = (name: string): ClassDef | undefined => {
    const exact = classes.get(name);
    if (exact !== undefined) return exact;
    if (byLower === undefined) {
      byLower = new Map();
      for (const k of classes.keys()) byLower.set(k.toLowerCase(), k);
    }
    const wire = byLower.get(name.toLowerCase().replace(/-/g, '_'));
    return wire === undefined ? undefined : classes.get(wire);
  };
  const indexOf = <T extends { readonly name: string }>(
    cache: Map<ClassDef, Map<string, T>>, c: ClassDef, items: readonly T[],
  ): Map<string, T> => {
    let idx = cache.get(c);
    if (idx === undefined) {
      idx = new Map(items.map((i) => [i.name, i]));
      cache.set(c, idx);
    }
    return idx;
  };
  return {
    extensions, classes, enums, errors, findClass,
    findMessage(wire: string): MessageDef | undefined {
      const dot = wire.indexOf('.');
      if (dot < 0) return undefined;
      const c = findClass(wire.slice(0, dot));
      return c === undefined ? undefined : indexOf(msgIndex, c, c.messages).get(wire.slice(dot + 1));
    },
    findField(cls: string, field: string): FieldDef | undefined {
      const c = findClass(cls);
      return c === undefined ? undefined : indexOf(fieldIndex, c, c.fields).get(field);
    },
  };
}

// A read-only map whose values are built on first access, so loading the model costs only the classes a command
// touches. Iterating values or entries builds everything.
export class LazyMap<V> implements ReadonlyMap<string, V> {
  readonly #keys: readonly string[];
  readonly #known: ReadonlySet<string>;
  readonly #make: (key: string) => V;
  readonly #built = new Map<string, V>();

  constructor(keys: readonly string[], make: (key: string) => V) {
    this.#keys = keys;
    this.#known = new Set(keys);
    this.#make = make;
  }

  get size(): number {
    return this.#keys.length;
  }

  has(key: string): boolean {
    return this.#known.has(key);
  }

  get(key: string): V | undefined {
    let v = this.#built.get(key);
    if (v === undefined && this.#known.has(key)) {
      v = this.#make(key);
      this.#built.set(key, v);
    }
    return v;
  }

  keys(): MapIterator<string> {
    return this.#keys[Symbol.iterator]() as MapIterator<string>;
  }

  *#entries(): Generator<[string, V], undefined, unknown> {
    for (const k of this.#keys) yield [k, this.get(k) as V];
  }

  entries(): MapIterator<[string, V]> {
    return this.#entries() as MapIterator<[string, V]>;
  }

  *#values(): Generator<V, undefined, unknown> {
    for (const k of this.#keys) yield this.get(k) as V;
  }

  values(): MapIterator<V> {
    return this.#values() as MapIterator<V>;
  }

  forEach(fn: (value: V, key: string, map: ReadonlyMap<string, V>) => void): void {
    for (const k of this.#keys) fn(this.get(k) as V, k, this);
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }
}
