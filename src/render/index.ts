// Pure renderers: (data, view, terminal caps) -> text. `renderChunks` yields pieces so big lists stream.
// This module loads every renderer; the CLI uses load.ts, which loads only the one a format needs.
import type { RenderData, TerminalCaps, View } from './types.js';
import { jsonChunks, ndjsonChunks } from './json.js';
import { renderCsv, renderMinimal, renderValue } from './delimited.js';
import { renderTable } from './table.js';
import { renderYaml } from './yaml.js';
import { renderXml } from './xml.js';
import { chalkPaint } from './paint.js';

export type { Format, RenderData, SortKey, TerminalCaps, Unit, View } from './types.js';
export { FORMATS } from './types.js';

export function* renderChunks(data: RenderData, view: View, caps: TerminalCaps): Generator<string> {
  switch (view.format) {
    case 'json':
      yield* jsonChunks(data, view);
      return;
    case 'ndjson':
      yield* ndjsonChunks(data, view);
      return;
    case 'table':
      yield renderTable(data, view, caps, caps.color ? chalkPaint() : undefined);
      return;
    case 'csv':
      yield renderCsv(data, view);
      return;
    case 'value':
      yield renderValue(data, view);
      return;
    case 'minimal':
      yield renderMinimal(data, view);
      return;
    case 'yaml':
      yield renderYaml(data, view);
      return;
    case 'xml':
      yield renderXml(data, view);
      return;
  }
}

export function render(data: RenderData, view: View, caps: TerminalCaps): string {
  let out = '';
  for (const chunk of renderChunks(data, view, caps)) out += chunk;
  return out;
}
