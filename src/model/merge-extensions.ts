// Turns the hand-declared extensions into per-class additions for build.ts, all marked `extension: true`.
import { ROLES } from './types.js';
import { decodeDefault, zeroValue } from './values.js';
import type { BuildContext, ClassExtras } from './build.js';
import type { ExtParam, Extension } from './extensions/types.js';
import type { FieldDef, MessageDef, ParamDef, Role } from './types.js';

interface Mutable {
  fields: FieldDef[];
  setterRoles: Map<string, number>;
  messages: MessageDef[];
  appends: Map<string, ParamDef[]>;
}

function roleCode(min: Role): number {
  return ROLES.indexOf(min) + 1;
}

function param(ctx: BuildContext, p: ExtParam): ParamDef {
  const type = ctx.type(p.type);
  if (p.required !== false) return { name: p.name, type, required: true };
  return { name: p.name, type, required: false, default: p.default === undefined ? zeroValue(type, ctx.enums) : decodeDefault(type, p.default) };
}

export function mergeExtensions(ctx: BuildContext, exts: readonly Extension[]): Map<string, ClassExtras> {
  const by = new Map<string, Mutable>();
  const get = (cls: string): Mutable => {
    let m = by.get(cls);
    if (m === undefined) {
      m = { fields: [], setterRoles: new Map(), messages: [], appends: new Map() };
      by.set(cls, m);
    }
    return m;
  };
  for (const ext of exts) {
    for (const f of ext.fields) {
      const type = ctx.type(f.type);
      const base = { name: f.name, type, qualifier: f.qualifier, lifecycle: 'published' as const, extension: true as const, description: f.description };
      get(f.cls).fields.push(f.default === undefined ? base : { ...base, default: decodeDefault(type, f.default) });
      if (f.setterRole !== undefined) get(f.cls).setterRoles.set(f.name, roleCode(f.setterRole));
    }
    for (const m of ext.messages) {
      get(m.cls).messages.push({
        cls: m.cls, name: m.name, params: m.params.map((p) => param(ctx, p)), result: ctx.type(m.result),
        errors: m.errors, roles: ROLES.slice(0, roleCode(m.minRole)), async: m.async, sessionless: false,
        lifecycle: 'published', extension: true, description: m.description,
      });
    }
    for (const a of ext.appendParams) {
      const list = get(a.cls).appends.get(a.message) ?? [];
      list.push(...a.params.map((p): ParamDef => ({ ...param(ctx, p), extension: true })));
      get(a.cls).appends.set(a.message, list);
    }
  }
  const out = new Map<string, ClassExtras>();
  for (const [cls, m] of by) {
    const appends = m.appends;
    out.set(cls, {
      fields: m.fields, setterRoles: m.setterRoles, messages: m.messages,
      patchMessage: (msg) => {
        const more = appends.get(msg.name);
        return more === undefined ? undefined : { ...msg, params: [...msg.params, ...more] };
      },
    });
  }
  return out;
}
