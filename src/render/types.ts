// The renderer's inputs: plain data, a view saying how to show it, and what the terminal can do.
import type { XenStruct, XenType, XenValue } from '../model/types.js';

export const FORMATS = ['table', 'json', 'ndjson', 'yaml', 'csv', 'xml', 'value', 'minimal'] as const;
export type Format = (typeof FORMATS)[number];

/** Units a renderer may humanise on a TTY table. */
export type Unit = 'bytes' | 'mbit' | 'ms';

/**
 * Rows are records whose keys are wire field names, `ref` first when the object has one.
 * A record is one such object; a scalar is a bare value (`get <obj> FIELD`).
 */
export type RenderData =
  | { readonly kind: 'rows'; readonly rows: readonly XenStruct[] }
  | { readonly kind: 'record'; readonly record: XenStruct }
  | { readonly kind: 'scalar'; readonly value: XenValue };

export interface SortKey {
  readonly key: string;
  readonly desc: boolean;
}

export interface View {
  readonly format: Format;
  /** Keys to show, in order; absent or empty means every key of the data, in its order. */
  readonly columns?: readonly string[];
  readonly sort?: SortKey;
  /** Types of the keys, when known (sorting numbers, showing enums). */
  readonly fieldTypes?: Readonly<Record<string, XenType>>;
  /** Units of keys, humanised on a TTY table. */
  readonly units?: Readonly<Record<string, Unit>>;
  /** Header text of keys in a table, when not the key with `_` turned into `-`. */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface TerminalCaps {
  readonly isTTY: boolean;
  readonly color: boolean;
  readonly width: number;
}
