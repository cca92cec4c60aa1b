// Consistency checks. Each class is checked when it is first built (so a broken generated file or extension fails
// loudly on use); validateModel checks everything (tests, and `xenctl` diagnostics).
import { EVENT_BATCH } from './parse-type.js';
import type { ClassDef, EnumDef, ErrorDef, Model, XenType } from './types.js';

export class ModelError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`invalid datamodel:\n  ${problems.slice(0, 20).join('\n  ')}${problems.length > 20 ? `\n  ... ${problems.length - 20} more` : ''}`);
    this.name = 'ModelError';
    this.problems = problems;
  }
}

/** What a class may refer to. */
export interface KnownNames {
  readonly classes: { has(name: string): boolean };
  readonly enums: ReadonlyMap<string, EnumDef>;
  readonly errors: ReadonlyMap<string, ErrorDef>;
}

/** `where` names the place only when there is a problem: classes are checked on every start, problems are rare. */
function typeProblems(t: XenType, where: () => string, known: KnownNames, out: string[]): void {
  switch (t.kind) {
    case 'ref':
      if (!known.classes.has(t.cls)) out.push(`${where()}: ref to unknown class ${t.cls}`);
      break;
    case 'record':
      if (t.cls !== '<class>' && t.cls !== EVENT_BATCH && !known.classes.has(t.cls)) out.push(`${where()}: record of unknown class ${t.cls}`);
      break;
    case 'enum':
      if (!known.enums.has(t.name)) out.push(`${where()}: unknown enum ${t.name}`);
      break;
    case 'set':
    case 'option':
      typeProblems(t.of, where, known, out);
      break;
    case 'map':
      typeProblems(t.key, where, known, out);
      typeProblems(t.value, where, known, out);
      break;
    default:
      break;
  }
}

export function classProblems(c: ClassDef, known: KnownNames): string[] {
  const out: string[] = [];
  const fields = new Set<string>();
  for (const f of c.fields) {
    if (fields.has(f.name)) out.push(`${c.name}: duplicate field ${f.name}`);
    fields.add(f.name);
    typeProblems(f.type, () => `${c.name}.${f.name}`, known, out);
  }
  const messages = new Set<string>();
  for (const m of c.messages) {
    const w = (): string => `${c.name}.${m.name}`;
    if (m.cls !== c.name) out.push(`${w()}: message says class ${m.cls}`);
    if (messages.has(m.name)) out.push(`${c.name}: duplicate message ${m.name}`);
    messages.add(m.name);
    typeProblems(m.result, () => `${w()} result`, known, out);
    let optional = false;
    m.params.forEach((p, i) => {
      // A handful of parameters: a scan beats a Set per message.
      if (m.params.findIndex((q) => q.name === p.name) !== i) out.push(`${w()}: duplicate parameter ${p.name}`);
      typeProblems(p.type, () => `${w()}(${p.name})`, known, out);
      if (!p.required) optional = true;
      else if (optional) out.push(`${w()}: required parameter ${p.name} after an optional one`);
    });
    for (const e of m.errors) if (!known.errors.has(e)) out.push(`${w()}: error ${e} is not catalogued`);
  }
  return out;
}

export function enumProblems(enums: Iterable<EnumDef>): string[] {
  const out: string[] = [];
  for (const e of enums) if (new Set(e.values).size !== e.values.length) out.push(`enum ${e.name}: duplicate values`);
  return out;
}

/** Every problem found in the whole model, empty when it is consistent. */
export function modelProblems(model: Model): string[] {
  const out = enumProblems(model.enums.values());
  for (const [key, c] of model.classes) {
    if (key !== c.name) out.push(`class ${c.name} is filed under ${key}`);
    out.push(...classProblems(c, model));
  }
  return out;
}

export function validateModel(model: Model): void {
  const problems = modelProblems(model);
  if (problems.length > 0) throw new ModelError(problems);
}
