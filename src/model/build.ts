// Expands the compact generated data (and, optionally, the extensions) into a Model.
import { isAsync } from './async-rule.js';
import { classDescription, fieldDescription, messageDescription } from './describe.js';
import { errorCatalogue } from './error-catalogue.js';
import { LazyMap } from './lazy-map.js';
import { ModelError, classProblems } from './validate.js';
import { mergeExtensions } from './merge-extensions.js';
import { deriveImplicit } from './implicit.js';
import { PARAM_DEFAULTS } from './param-defaults.js';
import { typeParserCache } from './parse-type.js';
import { decodeRoles } from './roles.js';
import { decodeDefault, zeroValue } from './values.js';
import { MSG_SESSIONLESS } from './compact.js';
import type { CClass, CField, CMessage, CompactModel, LifeCode, QualCode } from './compact.js';
import type { Extension } from './extensions/types.js';
import type {
  ClassDef, EnumDef, FieldDef, Lifecycle, MessageDef, Model, ParamDef, Qualifier, XenType,
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
  const base = { name: f[0], type, qualifier, lifecycle: LIFE[f[3]] };
  const description = fieldDescription(cls, base);
  return f.length === 6 ? { ...base, default: decodeDefault(type, f[5]), description } : { ...base, description };
}

export function buildMessage(ctx: BuildContext, cls: string, m: CMessage): MessageDef {
  const defaults = PARAM_DEFAULTS[`${cls}.${m[0]}`];
  const params: ParamDef[] = m[1].map((p) => {
    const type = ctx.type(p[1]);
    if (p.length === 2) return { name: p[0], type, required: true };
    const given = defaults?.[p[0]];
    return { name: p[0], type, required: false, default: given === undefined ? zeroValue(type, ctx.enums) : decodeDefault(type, given) };
  });
  const sessionless = m[6].includes(MSG_SESSIONLESS);
  return {
    cls, name: m[0], params, result: ctx.type(m[2]), errors: m[3], roles: decodeRoles(m[4]),
    async: isAsync(cls, m[0], undefined, sessionless), sessionless, lifecycle: LIFE[m[5]],
    description: messageDescription(cls, m[0]),
  };
}

/** One class: its fields, explicit messages, then the implicit messages derived from the fields. */
export function buildClass(ctx: BuildContext, c: CClass, extra?: ClassExtras): ClassDef {
  const fields = c.fields.map((f) => buildField(ctx, c.name, f)).concat(extra?.fields ?? []);
  const setter = new Map<string, number>(c.fields.map((f) => [f[0], f[4]]));
  for (const [k, v] of extra?.setterRoles ?? []) setter.set(k, v);
  const explicit = c.messages.map((m) => buildMessage(ctx, c.name, m));
  const lifecycle = LIFE[c.life];
  const implicit = deriveImplicit({
    cls: c.name, lifecycle, flags: c.flags, fields, roles: c.roles, setterRole: (f) => setter.get(f) ?? 0,
  });
  const extFields = new Set((extra?.fields ?? []).map((f) => f.name));
  const taken = new Set(explicit.map((m) => m.name));
  const messages: MessageDef[] = explicit.map((m) => extra?.patchMessage?.(m) ?? m);
  for (const m of implicit) {
    if (taken.has(m.name)) continue;
    messages.push(m.implicit?.field !== undefined && extFields.has(m.implicit.field) ? { ...m, extension: true } : m);
  }
  messages.push(...(extra?.messages ?? []));
  return { name: c.name, description: classDescription(c.name), fields, messages, lifecycle };
}

/** What the extensions add to one class. */
export interface ClassExtras {
  readonly fields: readonly FieldDef[];
  readonly setterRoles: ReadonlyMap<string, number>;
  readonly messages: readonly MessageDef[];
  readonly patchMessage?: (m: MessageDef) => MessageDef | undefined;
}

export function buildModel(data: CompactModel, extensions: readonly Extension[] | undefined): Model {
  const enums = new Map<string, EnumDef>(data.enums.map(([name, values]) => [name, { name, values }]));
  const ctx: BuildContext = { type: typeParserCache(), enums };
  const extras = extensions === undefined ? new Map<string, ClassExtras>() : mergeExtensions(ctx, extensions);
  const errorCodes = new Set(data.errorCodes);
  for (const x of extras.values()) for (const m of x.messages) for (const e of m.errors) errorCodes.add(e);
  const errors = errorCatalogue(errorCodes);
  const compact = new Map<string, CClass>(data.classes.map((c) => [c.name, c]));
  const classNames = data.classes.map((c) => c.name);
  const known = { classes: new Set(classNames), enums, errors };
  const classes = new LazyMap<ClassDef>(classNames, (name) => {
    const c = buildClass(ctx, compact.get(name)!, extras.get(name));
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
  let byLower: Map<string, ClassDef> | undefined;
  const msgIndex = new Map<ClassDef, Map<string, MessageDef>>();
  const fieldIndex = new Map<ClassDef, Map<string, FieldDef>>();
  const findClass = (name: string): ClassDef | undefined => {
    const exact = classes.get(name);
    if (exact !== undefined) return exact;
    if (byLower === undefined) {
      byLower = new Map();
      for (const c of classes.values()) byLower.set(c.name.toLowerCase(), c);
    }
    return byLower.get(name.toLowerCase().replace(/-/g, '_'));
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
