// Narrowing of xenapi.json (the upstream datamodel dump) to the few properties the generator reads. Prose
// properties (description, doc) are never read.

export interface XField {
  readonly name: string;
  readonly type: string;
  readonly qualifier: string;
  readonly state: string;
  readonly default?: string;
}
export interface XParam {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
}
export interface XMessage {
  readonly name: string;
  readonly params: readonly XParam[];
  readonly result: string;
  readonly errors: readonly string[];
  readonly roles: readonly string[];
  readonly state: string;
  readonly implicit: boolean;
}
export interface XClass {
  readonly name: string;
  readonly state: string;
  readonly fields: readonly XField[];
  readonly messages: readonly XMessage[];
  readonly enums: readonly { readonly name: string; readonly values: readonly string[] }[];
}

type Obj = Readonly<Record<string, unknown>>;

function obj(v: unknown, what: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`xenapi.json: ${what} is not an object`);
  return v as Obj;
}
function arr(v: unknown, what: string): readonly unknown[] {
  if (!Array.isArray(v)) throw new Error(`xenapi.json: ${what} is not an array`);
  return v;
}
function str(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new Error(`xenapi.json: ${what} is not a string`);
  return v;
}
function state(o: Obj, what: string): string {
  return str(obj(o['lifecycle'], `${what}.lifecycle`)['state'], `${what}.lifecycle.state`);
}

export function readXenapiJson(raw: unknown): XClass[] {
  return arr(raw, 'top level').map((cv, i) => {
    const c = obj(cv, `class ${i}`);
    const cn = str(c['name'], `class ${i} name`);
    const fields = arr(c['fields'], `${cn}.fields`).map((fv): XField => {
      const f = obj(fv, `${cn} field`);
      const name = str(f['name'], `${cn} field name`);
      const w = `${cn}.${name}`;
      const base = { name, type: str(f['type'], `${w} type`), qualifier: str(f['qualifier'], `${w} qualifier`), state: state(f, w) };
      return f['default'] === undefined ? base : { ...base, default: str(f['default'], `${w} default`) };
    });
    const messages = arr(c['messages'], `${cn}.messages`).map((mv): XMessage => {
      const m = obj(mv, `${cn} message`);
      const name = str(m['name'], `${cn} message name`);
      const w = `${cn}.${name}`;
      return {
        name,
        params: arr(m['params'], `${w} params`).map((pv) => {
          const p = obj(pv, `${w} param`);
          return { name: str(p['name'], `${w} param name`), type: str(p['type'], `${w} param type`), required: p['required'] === true };
        }),
        result: str(arr(m['result'], `${w} result`)[0], `${w} result type`),
        errors: arr(m['errors'], `${w} errors`).map((e) => str(obj(e, `${w} error`)['name'], `${w} error name`)),
        roles: arr(m['roles'], `${w} roles`).map((r) => str(r, `${w} role`)),
        state: state(m, w),
        implicit: m['implicit'] === true,
      };
    });
    const enums = arr(c['enums'], `${cn}.enums`).map((ev) => {
      const e = obj(ev, `${cn} enum`);
      const en = str(e['name'], `${cn} enum name`);
      return { name: en, values: arr(e['values'], `enum ${en}`).map((v) => str(obj(v, `enum ${en} value`)['name'], `enum ${en} value`)) };
    });
    return { name: cn, state: state(c, cn), fields, messages, enums };
  });
}
