// Custom messages that are shaped like implicit ones (VM.add_to_other_config, VM.set_memory_static_max,
// VIF.add_ipv4_allowed, task.set_status, ...): xapi hand-writes them to add checks, but their effect on the object
// is the implicit one. Until a handler of their own is registered (later registry groups win), they are served by
// the generic implementation, so common edits work against the reference server.
import type { ClassDef, FieldDef, ImplicitKind, MessageDef, XenType } from '../../model/types.js';
import type { Model } from '../../model/types.js';
import type { Handler } from '../context.js';
import { serveImplicit } from '../implicit.js';

function sameType(a: XenType | undefined, b: XenType): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

/** The implicit kind a custom message matches, by name and parameter types, or undefined. */
function shapeOf(c: ClassDef, m: MessageDef): { kind: ImplicitKind; field: FieldDef } | undefined {
  const [self, a, b] = m.params;
  if (self === undefined || self.type.kind !== 'ref' || self.type.cls !== c.name) return undefined;
  const field = (prefix: string): FieldDef | undefined =>
    m.name.startsWith(prefix) ? c.fields.find((f) => f.name === m.name.slice(prefix.length) && f.lifecycle !== 'removed') : undefined;
  const count = m.params.length;
  const map = field('add_to_') ?? field('remove_from_');
  if (map !== undefined && map.type.kind === 'map') {
    if (m.name.startsWith('add_to_') && count === 3 && sameType(a?.type, map.type.key) && sameType(b?.type, map.type.value)) {
      return { kind: 'add_to_map', field: map };
    }
    if (m.name.startsWith('remove_from_') && count === 2 && sameType(a?.type, map.type.key)) return { kind: 'remove_from_map', field: map };
  }
  const set = field('add_') ?? field('remove_');
  if (set !== undefined && set.type.kind === 'set' && count === 2 && sameType(a?.type, set.type.of)) {
    return { kind: m.name.startsWith('add_') ? 'add_to_set' : 'remove_from_set', field: set };
  }
  const plain = field('set_');
  if (plain !== undefined && count === 2 && sameType(a?.type, plain.type)) return { kind: 'set_field', field: plain };
  return undefined;
}

/** The handler of one message when it is field-shaped (`Class.msg` of a class in the model), else undefined. */
export function fieldShapedHandler(model: Model, wire: string): Handler | undefined {
  const dot = wire.indexOf('.');
  const c = dot < 0 ? undefined : model.classes.get(wire.slice(0, dot));
  const m = c?.messages.find((x) => x.name === wire.slice(dot + 1));
  if (c === undefined || m === undefined || m.implicit !== undefined) return undefined;
  const shape = shapeOf(c, m);
  if (shape === undefined) return undefined;
  const asImplicit: MessageDef = { ...m, implicit: { kind: shape.kind, field: shape.field.name } };
  return (call, args) => serveImplicit({ ...call, msg: asImplicit }, args);
}

export function fieldShapedHandlers(model: Model): ReadonlyMap<string, Handler> {
  const out = new Map<string, Handler>();
  for (const c of model.classes.values()) {
    for (const m of c.messages) {
      const h = fieldShapedHandler(model, `${c.name}.${m.name}`);
      if (h !== undefined) out.set(`${c.name}.${m.name}`, h);
    }
  }
  return out;
}
