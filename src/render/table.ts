// The default format. On a TTY: headers, colour (chalk), sizes humanised, fitted to the width.
// Piped: no colour, no humanising, tab-separated with a header line, stable for scripts.
import type { XenStruct, XenValue } from '../model/types.js';
import type { RenderData, TerminalCaps, View } from './types.js';
import { columnsOf, recordsOf } from './rows.js';
import { humanise, valueText } from './text.js';
import type { Paint } from './paint.js';

const GAP = 2;
const MIN_COL = 6;

function header(key: string, view: View): string {
  return view.headers?.[key] ?? key.replace(/_/g, '-');
}

function cellText(v: XenValue | undefined, key: string, view: View, tty: boolean): string {
  const unit = view.units?.[key];
  const text = tty && unit !== undefined ? humanise(v, unit) : valueText(v);
  return tty ? text.replace(/[\r\n\t]+/g, ' ') : text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
}

/**
 * Column widths that fit `width`: the widest columns are cut down to a common cap (water-filling), so narrow
 * columns keep their text; no column goes below a few characters (a very narrow terminal then overflows).
 */
export function fitWidths(natural: readonly number[], width: number): number[] {
  const budget = width - GAP * Math.max(0, natural.length - 1);
  const sum = (cap: number): number => natural.reduce((a, w) => a + Math.min(w, cap), 0);
  if (sum(Number.MAX_SAFE_INTEGER) <= budget) return [...natural];
  let lo = MIN_COL;
  let hi = Math.max(MIN_COL, ...natural);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (sum(mid) <= budget) lo = mid;
    else hi = mid - 1;
  }
  const w = natural.map((x) => Math.min(x, lo));
  // Hand what the cap left over to the cut columns, left to right.
  let spare = budget - w.reduce((a, b) => a + b, 0);
  for (let i = 0; i < w.length && spare > 0; i++) {
    const want = (natural[i] ?? 0) - (w[i] ?? 0);
    const give = Math.min(want, spare);
    w[i] = (w[i] ?? 0) + give;
    spare -= give;
  }
  return w;
}

const GOOD = new Set(['Running', 'true', 'success', 'enabled']);
const WARN = new Set(['Suspended', 'Paused', 'pending', 'cancelling']);
const BAD = new Set(['Halted', 'failure', 'cancelled', 'false']);

/** Display width: wide East Asian and emoji code points take two cells. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1faff) || (c >= 0x20000 && c <= 0x3fffd) ? 2 : 1;
  }
  return w;
}

/** Cuts to `width` cells with an ellipsis, then pads with spaces. */
function fit(s: string, width: number): string {
  let w = displayWidth(s);
  if (w > width) {
    let out = '';
    w = 0;
    for (const ch of s) {
      const cw = displayWidth(ch);
      if (w + cw > width - 1) break;
      out += ch;
      w += cw;
    }
    s = `${out}…`;
    w += 1;
  }
  return s + ' '.repeat(Math.max(0, width - w));
}

/** Splits `s` into lines of at most `width` cells, at the last space that fits when there is one. */
export function wrap(s: string, width: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (displayWidth(rest) > width) {
    let cut = 0;
    let w = 0;
    for (const ch of rest) {
      w += displayWidth(ch);
      if (w > width) break;
      cut += ch.length;
    }
    const space = rest.lastIndexOf(' ', cut);
    const at = space > 0 ? space : Math.max(1, cut);
    out.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).replace(/^ +/, '');
  }
  out.push(rest);
  return out;
}

// Aligned by hand: a table library lays out 10,000 rows far too slowly (cli-table3 took ~30 s here).
function ttyTable(records: readonly XenStruct[], keys: readonly string[], view: View, caps: TerminalCaps, chalk: Paint): string {
  const heads = keys.map((k) => header(k, view));
  const cells = records.map((r) => keys.map((k) => cellText(r[k], k, view, true)));
  const natural = heads.map((h, i) => Math.max(displayWidth(h), ...cells.map((row) => displayWidth(row[i] ?? ''))));
  const widths = fitWidths(natural, caps.width);
  const gap = ' '.repeat(GAP);
  const line = (row: readonly string[], paint: (text: string, raw: string) => string): string =>
    row.map((c, i) => paint(fit(c, widths[i] ?? 0), c)).join(gap).trimEnd();
  const out = [line(heads, (t) => chalk.bold(t))];
  const tone = (t: string, raw: string): string => (GOOD.has(raw) ? chalk.green(t) : WARN.has(raw) ? chalk.yellow(t) : BAD.has(raw) ? chalk.dim(t) : t);
  for (const row of cells) out.push(line(row, tone));
  return `${out.join('\n')}\n`;
}

const PLAIN: Paint = { bold: (s) => s, green: (s) => s, yellow: (s) => s, dim: (s) => s };

/** `paint` colours a TTY table (chalk, passed in so that a colourless run never loads it). */
export function renderTable(data: RenderData, view: View, caps: TerminalCaps, paint?: Paint): string {
  const chalk = caps.color && paint !== undefined ? paint : PLAIN;
  if (data.kind === 'scalar') return `${valueText(data.value)}\n`;
  const records = recordsOf(data, view);
  const keys = columnsOf(records, view);
  if (data.kind === 'record') {
    const r = records[0] ?? {};
    const rows = keys.map((k) => ({ ref: header(k, view), value: cellText(r[k], k, view, caps.isTTY) }));
    if (!caps.isTTY) return rows.map((x) => `${x.ref}\t${x.value}\n`).join('');
    const pad = Math.max(0, ...rows.map((x) => x.ref.length));
    const indent = ' '.repeat(pad + GAP);
    const room = Math.max(MIN_COL * 2, caps.width - pad - GAP);
    return rows.map((x) => `${chalk.bold(x.ref.padEnd(pad))}  ${wrap(x.value, room).join(`\n${indent}`)}\n`).join('');
  }
  if (caps.isTTY) return records.length === 0 ? '' : ttyTable(records, keys, view, caps, chalk);
  const lines = [keys.map((k) => header(k, view)).join('\t')];
  for (const r of records) lines.push(keys.map((k) => cellText(r[k], k, view, false)).join('\t'));
  return `${lines.join('\n')}\n`;
}
