// Loads only the renderer a format needs (yaml, chalk and the XML encoder cost start-up time).
import type { Format, RenderData, TerminalCaps, View } from './types.js';

export type ChunkRenderer = (data: RenderData, view: View, caps: TerminalCaps) => Iterable<string>;

export async function loadRenderer(format: Format, caps: TerminalCaps): Promise<ChunkRenderer> {
  switch (format) {
    case 'json': {
      const { jsonChunks } = await import('./json.js');
      return (d, v) => jsonChunks(d, v);
    }
    case 'ndjson': {
      const { ndjsonChunks } = await import('./json.js');
      return (d, v) => ndjsonChunks(d, v);
    }
    case 'csv':
    case 'value':
    case 'minimal': {
      const m = await import('./delimited.js');
      const fn = format === 'csv' ? m.renderCsv : format === 'value' ? m.renderValue : m.renderMinimal;
      return (d, v) => [fn(d, v)];
    }
    case 'yaml': {
      const { renderYaml } = await import('./yaml.js');
      return (d, v) => [renderYaml(d, v)];
    }
    case 'xml': {
      const { renderXml } = await import('./xml.js');
      return (d, v) => [renderXml(d, v)];
    }
    case 'table': {
      const [{ renderTable }, paint] = await Promise.all([
        import('./table.js'),
        caps.isTTY && caps.color ? import('./paint.js').then((p) => p.chalkPaint()) : Promise.resolve(undefined),
      ]);
      return (d, v, c) => [renderTable(d, v, c, paint)];
    }
  }
}
