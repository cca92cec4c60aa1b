// Builds decoded structs. Big structs with the same member names in the same order (10,000 VM records) are
// cloned from one template object, so V8 gives them one shared hidden class instead of a slow dictionary each:
// smaller and faster. Small structs (maps) are built directly. `__proto__` never goes through a template.
import type { XenStruct, XenValue } from '../model/types.js';
import { setMember } from './struct.js';

const TEMPLATE_MIN = 16;
/** Past this many members a struct is a big map, not a record: templates would only cost two more copies of it. */
const TEMPLATE_MAX = 1024;

interface Shape {
  readonly keys: readonly string[];
  readonly template: Readonly<Record<string, XenValue>>;
}

export type ShapeCache = Map<string, Shape>;

export class StructBuilder {
  private readonly keys: string[] = [];
  private readonly vals: XenValue[] = [];
  private count = 0;
  private readonly shapes: ShapeCache;

  constructor(shapes: ShapeCache) {
    this.shapes = shapes;
  }

  reset(): this {
    this.count = 0;
    return this;
  }

  add(name: string, value: XenValue): void {
    this.keys[this.count] = name;
    this.vals[this.count] = value;
    this.count++;
  }

  finish(): XenStruct {
    const n = this.count;
    const keys = this.keys;
    const vals = this.vals;
    this.count = 0;
    if (n >= TEMPLATE_MIN && n <= TEMPLATE_MAX) {
      const shape = this.shapes.get(keys[0] as string);
      if (shape !== undefined && sameKeys(shape.keys, keys, n)) {
        const out: Record<string, XenValue> = { ...shape.template };
        for (let i = 0; i < n; i++) out[keys[i] as string] = vals[i] as XenValue;
        return out;
      }
    }
    const out: Record<string, XenValue> = {};
    let proto = false;
    for (let i = 0; i < n; i++) {
      const k = keys[i] as string;
      if (k === '__proto__') proto = true;
      setMember(out, k, vals[i] as XenValue);
    }
    if (n < TEMPLATE_MIN || n > TEMPLATE_MAX || proto) return out;
    this.shapes.set(keys[0] as string, { keys: keys.slice(0, n), template: { ...out } });
    return { ...out };
  }
}

function sameKeys(a: readonly string[], b: readonly string[], n: number): boolean {
  if (a.length !== n) return false;
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}
