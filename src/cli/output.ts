// Turns a command's result into RenderData + View and writes it to stdout (JSON streamed in chunks).
import type { ClassDef, FieldDef, XenStruct, XenType } from '../model/types.js';
import type { RenderData, Unit, View } from '../render/types.js';
import { loadRenderer } from '../render/load.js';
import type { CommandResult, ViewHints } from './spec.js';
import type { Ctx } from './context.js';
import { UsageError } from './errors.js';
import { COLUMN_HEADERS, unitOf } from './generic/columns.js';
import { fieldCliName, findFieldLoose } from './generic/names.js';
import { didYouMean } from './suggest.js';
import { writeOut } from './io.js';

const TABULAR = new Set(['table', 'value', 'csv']);
const CHUNK = 64 * 1024;

/** A column the user typed (CLI or wire spelling) -> the key in the data. */
function columnKey(cls: ClassDef | undefined, name: string, sample: XenStruct | undefined): string {
  if (name === 'ref') return name;
  if (cls !== undefined) {
    const f = findFieldLoose(cls, name) ?? headerField(cls, name);
    if (f !== undefined) return f.name;
    const headers = Object.entries(COLUMN_HEADERS).filter(([f]) => cls.fields.some((x) => x.name === f)).map(([, h]) => h);
    const names = ['ref', ...cls.fields.map((x) => fieldCliName(x.name)), ...headers];
    throw new UsageError(`${cls.name} has no field '${name}'${didYouMean(name, names)}`);
  }
  if (sample === undefined || name in sample) return name;
  const wire = name.replace(/-/g, '_');
  return Object.keys(sample).find((k) => k.toLowerCase() === wire.toLowerCase()) ?? name;
}

/** A short table header used as a name (`--sort memory`, `-c VCPUs`): the field it heads. */
function headerField(cls: ClassDef, name: string): FieldDef | undefined {
  const want = name.toLowerCase();
  const field = Object.keys(COLUMN_HEADERS).find((k) => COLUMN_HEADERS[k]?.toLowerCase() === want);
  return field === undefined ? undefined : cls.fields.find((f) => f.name === field);
}

function viewFor(ctx: Ctx, cls: ClassDef | undefined, hints: ViewHints | undefined, sample: XenStruct | undefined): View {
  const asked = ctx.globals.columns.flatMap((c) => c.split(',')).map((c) => c.trim()).filter((c) => c !== '');
  let columns: readonly string[] | undefined;
  if (asked.length > 0) columns = asked.map((c) => columnKey(cls, c, sample));
  else if (hints?.columns !== undefined) columns = hints.columns;
  else if (hints?.tableColumns !== undefined && TABULAR.has(ctx.format)) columns = hints.tableColumns;
  let sort: View['sort'];
  if (ctx.globals.sort !== undefined && ctx.globals.sort !== '') {
    const desc = ctx.globals.sort.startsWith('-');
    sort = { key: columnKey(cls, desc ? ctx.globals.sort.slice(1) : ctx.globals.sort, sample), desc };
  }
  const units: Record<string, Unit> = {};
  const fieldTypes: Record<string, XenType> = {};
  if (cls !== undefined) {
    for (const f of cls.fields) {
      const u = unitOf(f);
      if (u !== undefined) units[f.name] = u;
      fieldTypes[f.name] = f.type;
    }
  }
  return {
    format: ctx.format,
    ...(columns === undefined ? {} : { columns }),
    ...(sort === undefined ? {} : { sort }),
    units: { ...units, ...hints?.units },
    fieldTypes,
    ...(hints?.headers === undefined ? {} : { headers: hints.headers }),
  };
}

function dataOf(ctx: Ctx, result: CommandResult): { data: RenderData; view: View } | undefined {
  switch (result.kind) {
    case 'rows': {
      const cls = result.cls === undefined ? undefined : ctx.model.findClass(result.cls);
      return { data: { kind: 'rows', rows: result.rows }, view: viewFor(ctx, cls, result.view, result.rows[0]) };
    }
    case 'record': {
      const cls = result.cls === undefined ? undefined : ctx.model.findClass(result.cls);
      return { data: { kind: 'record', record: result.record }, view: viewFor(ctx, cls, result.view, result.record) };
    }
    case 'scalar':
      return { data: { kind: 'scalar', value: result.value }, view: { format: ctx.format } };
    case 'created': {
      const record: XenStruct = { ref: result.ref, uuid: result.uuid };
      return { data: { kind: 'record', record }, view: viewFor(ctx, undefined, undefined, record) };
    }
    case 'none':
      // -o xml answers as xapi does for a void message: a Success envelope with an empty Value.
      return ctx.format === 'xml' ? { data: { kind: 'scalar', value: '' }, view: { format: ctx.format } } : undefined;
    case 'text':
      return undefined;
  }
}

/** Writes the result on stdout; returns the exit code the result carries (0 unless it says otherwise). */
export async function present(ctx: Ctx, result: CommandResult): Promise<number> {
  if (result.kind === 'text') {
    await writeOut(ctx.io.stdout, result.text);
    return result.exitCode ?? 0;
  }
  const shaped = dataOf(ctx, result);
  if (shaped !== undefined) {
    let buf = '';
    const renderChunks = await loadRenderer(ctx.format, ctx.caps);
    for (const chunk of renderChunks(shaped.data, shaped.view, ctx.caps)) {
      buf += chunk;
      if (buf.length >= CHUNK) {
        await writeOut(ctx.io.stdout, buf);
        buf = '';
      }
    }
    if (buf !== '') await writeOut(ctx.io.stdout, buf);
  }
  return result.exitCode ?? 0;
}
