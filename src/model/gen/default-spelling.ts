// Parses xenapi.json's default spellings (`""`, `{}`, `OpaqueRef:NULL`, `Null`, `0.`, `{"a" -> "b"}`, `{0}`,
// `19700101T00:00:00Z`, enum values) into the JSON defaults of the compact data.
import { NULL_REF } from '../values.js';
import type { JsonDefault } from '../values.js';
import type { XenType } from '../types.js';

/** Splits the inside of `{...}` at top-level commas (outside quotes and braces). */
function splitTop(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '"' && s[i - 1] !== '\\') quoted = !quoted;
    else if (!quoted && (ch === '{' || ch === '(')) depth++;
    else if (!quoted && (ch === '}' || ch === ')')) depth--;
    else if (!quoted && depth === 0 && s.startsWith(sep, i)) {
      out.push(s.slice(start, i).trim());
      start = i + sep.length;
      i += sep.length - 1;
    }
  }
  out.push(s.slice(start).trim());
  return out;
}

function unquote(s: string): string {
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) return JSON.parse(s) as string;
  throw new Error(`expected a quoted string, got ${s}`);
}

export function parseDefaultSpelling(type: XenType, s: string, enumValues: (name: string) => readonly string[] | undefined): JsonDefault {
  const fail = (): never => {
    throw new Error(`cannot read default ${JSON.stringify(s)} as ${type.kind}`);
  };
  switch (type.kind) {
    case 'string':
      return unquote(s);
    case 'int':
      return /^-?\d+$/.test(s) ? String(BigInt(s)) : fail();
    case 'float':
      return /^-?\d+\.?\d*(e-?\d+)?$/.test(s) ? Number(s) : fail();
    case 'bool':
      return s === 'true' ? true : s === 'false' ? false : fail();
    case 'datetime':
      return /^\d{8}T\d{2}:\d{2}:\d{2}Z$/.test(s) ? s : fail();
    case 'enum': {
      const values = enumValues(type.name) ?? fail();
      return values.includes(s) ? s : fail();
    }
    case 'ref':
      return s === 'Null' || s === NULL_REF ? NULL_REF : s.startsWith('OpaqueRef:') ? s : fail();
    case 'option':
      return parseDefaultSpelling(type.of, s, enumValues);
    case 'set': {
      if (!s.startsWith('{') || !s.endsWith('}')) fail();
      const inner = s.slice(1, -1).trim();
      return inner === '' ? [] : splitTop(inner, ',').map((e) => parseDefaultSpelling(type.of, e, enumValues));
    }
    case 'map': {
      if (!s.startsWith('{') || !s.endsWith('}')) fail();
      const inner = s.slice(1, -1).trim();
      const out = Object.create(null) as Record<string, JsonDefault>;
      if (inner === '') return out;
      for (const pair of splitTop(inner, ',')) {
        const kv = splitTop(pair, '->');
        if (kv.length !== 2) fail();
        const k = parseDefaultSpelling(type.key, kv[0]!, enumValues);
        if (typeof k !== 'string' && typeof k !== 'number') fail();
        out[String(k)] = parseDefaultSpelling(type.value, kv[1]!, enumValues);
      }
      return out;
    }
    default:
      return fail();
  }
}
