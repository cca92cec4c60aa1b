// Step (a) of generation: xenapi.json -> the compact intermediate. Pure; checks at the same time that the implicit
// messages our derivation produces are exactly those xenapi.json lists (names, parameter and result types, roles,
// lifecycle), recording the few facts derivation cannot know (which class-level messages exist, roles).
import { deriveImplicit } from '../implicit.js';
import { formatType, typeParserCache } from '../parse-type.js';
import { encodeRoles } from '../roles.js';
import { parseDefaultSpelling } from './default-spelling.js';
import { readXenapiJson } from './json-input.js';
import type { CClass, CField, CMessage, CParam, CompactModel, LifeCode, QualCode, RoleCode } from '../compact.js';
import type { FieldDef, Lifecycle, MessageDef } from '../types.js';
import type { XClass, XMessage } from './json-input.js';

const LIFE: Readonly<Record<string, [LifeCode, Lifecycle]>> = {
  Published_s: ['', 'published'], Prototyped_s: ['x', 'prototyped'], Deprecated_s: ['d', 'deprecated'], Removed_s: ['r', 'removed'],
};
const QUAL: Readonly<Record<string, QualCode>> = { RW: 'w', 'RO/constructor': 'c', 'RO/runtime': 'r' };
const FROM_QUAL = { w: 'RW', c: 'RO/constructor', r: 'RO/runtime' } as const;
const FROM_LIFE: Readonly<Record<LifeCode, Lifecycle>> = { '': 'published', x: 'prototyped', d: 'deprecated', r: 'removed' };
/** Implicit messages xapi serves but xenapi.json does not list (doc-hidden). */
const UNLISTED = new Set(['get_all_where', 'get_all_records_where']);

function life(state: string, what: string): [LifeCode, Lifecycle] {
  const l = LIFE[state];
  if (l === undefined) throw new Error(`${what}: unknown lifecycle state ${state}`);
  return l;
}

function roleCode(m: XMessage, what: string): RoleCode {
  const c = encodeRoles(m.roles);
  if (c === undefined) throw new Error(`${what}: role list ${m.roles.join(',')} is not a prefix of ROLES`);
  return c;
}

function dedupe(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}

export function compactFromXenapi(raw: unknown, digest: string): CompactModel {
  const classes = readXenapiJson(raw);
  const enumMap = new Map<string, readonly string[]>();
  for (const c of classes) {
    for (const e of c.enums) {
      const prev = enumMap.get(e.name);
      if (prev !== undefined && prev.join() !== e.values.join()) throw new Error(`enum ${e.name} defined twice differently`);
      enumMap.set(e.name, e.values);
    }
  }
  const errorCodes = new Set<string>();
  const out = classes.map((c) => compactClass(c, enumMap, errorCodes));
  return {
    version: 1, digest,
    enums: [...enumMap].sort((a, b) => (a[0] < b[0] ? -1 : 1)),
    errorCodes: [...errorCodes].sort(),
    classes: out,
  };
}

function compactClass(c: XClass, enums: ReadonlyMap<string, readonly string[]>, errorCodes: Set<string>): CClass {
  const type = typeParserCache();
  const implicit = new Map<string, XMessage>(c.messages.filter((m) => m.implicit).map((m) => [m.name, m]));
  const code = (name: string): RoleCode | undefined => {
    const m = implicit.get(name);
    return m === undefined ? undefined : roleCode(m, `${c.name}.${name}`);
  };
  const fields: CField[] = c.fields.map((f) => {
    const w = `${c.name}.${f.name}`;
    const q = QUAL[f.qualifier];
    if (q === undefined) throw new Error(`${w}: unknown qualifier ${f.qualifier}`);
    const setter = q === 'w' ? code(`set_${f.name}`) ?? 0 : 0;
    const base = [f.name, f.type, q, life(f.state, w)[0], setter] as const;
    if (f.default === undefined) return base;
    return [...base, parseDefaultSpelling(type(f.type), f.default, (n) => enums.get(n))] as const;
  });
  const messages: CMessage[] = c.messages.filter((m) => !m.implicit).map((m) => {
    const w = `${c.name}.${m.name}`;
    const sessionful = m.params[0]?.type === 'session ref';
    const params = (sessionful ? m.params.slice(1) : m.params).map((p): CParam => (p.required ? [p.name, p.type] : [p.name, p.type, 0]));
    for (const e of m.errors) errorCodes.add(e);
    return [m.name, params, m.result, dedupe(m.errors), roleCode(m, w), life(m.state, w)[0], sessionful ? '' : 's'];
  });
  const flags = (implicit.has('get_record') ? 'r' : '') + (implicit.has('get_all') ? 'a' : '')
    + (implicit.has('get_by_name_label') ? 'n' : '') + (implicit.has('create') ? 'c' : '');
  const roles0 = { g: code('get_record') ?? code('get_all') ?? 14, c: code('create') ?? 0 };
  const [lifeCode, lifecycle] = life(c.state, c.name);
  const fieldDefs: FieldDef[] = fields.map((f) => ({
    name: f[0], type: type(f[1]), qualifier: FROM_QUAL[f[2]], lifecycle: FROM_LIFE[f[3]], description: '',
  }));
  const setterRole = (f: string): RoleCode => fields.find((x) => x[0] === f)?.[4] ?? 0;
  const first = deriveImplicit({ cls: c.name, lifecycle, flags, fields: fieldDefs, roles: roles0, setterRole, withWhere: false });
  const x: Record<string, RoleCode> = {};
  for (const m of first) {
    const actual = code(m.name);
    if (actual !== undefined && encodeRoles(m.roles) !== actual) x[m.name] = actual;
  }
  const roles = Object.keys(x).length > 0 ? { ...roles0, x } : roles0;
  const derived = deriveImplicit({ cls: c.name, lifecycle, flags, fields: fieldDefs, roles, setterRole, withWhere: false });
  checkImplicit(c.name, derived, implicit);
  return { name: c.name, life: lifeCode, flags, roles, fields, messages };
}

/** Throws unless the derived implicit messages equal xenapi.json's, in every structural respect. */
export function checkImplicit(cls: string, derived: readonly MessageDef[], listed: ReadonlyMap<string, XMessage>): void {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const d of derived) {
    if (UNLISTED.has(d.name)) continue;
    names.add(d.name);
    const j = listed.get(d.name);
    if (j === undefined) {
      problems.push(`derived ${d.name} is not in xenapi.json`);
      continue;
    }
    const jParams = j.params.slice(1).map((p) => `${p.name}:${p.type}`).join(', ');
    const dParams = d.params.map((p) => `${p.name}:${formatType(p.type)}`).join(', ');
    if (jParams !== dParams) problems.push(`${d.name} params (${dParams}) != (${jParams})`);
    if (formatType(d.result) !== j.result) problems.push(`${d.name} result ${formatType(d.result)} != ${j.result}`);
    if (d.roles.join() !== j.roles.join()) problems.push(`${d.name} roles ${d.roles.join()} != ${j.roles.join()}`);
    if (d.lifecycle !== LIFE[j.state]?.[1]) problems.push(`${d.name} lifecycle ${d.lifecycle} != ${j.state}`);
    if (j.errors.length > 0) problems.push(`${d.name} lists errors`);
  }
  for (const n of listed.keys()) if (!names.has(n)) problems.push(`xenapi.json's ${n} is not derived`);
  if (problems.length > 0) throw new Error(`implicit messages of ${cls} differ from xenapi.json:\n  ${problems.join('\n  ')}`);
}
