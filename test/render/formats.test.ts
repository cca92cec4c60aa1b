import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from '../../src/render/index.js';
import type { RenderData, TerminalCaps, View } from '../../src/render/index.js';
import type { XenStruct } from '../../src/model/types.js';

const piped: TerminalCaps = { isTTY: false, color: false, width: 80 };
const tty: TerminalCaps = { isTTY: true, color: false, width: 80 };

const rows: XenStruct[] = [
  { ref: 'OpaqueRef:a', uuid: 'aaaa-1', name_label: 'web01', power_state: 'Running', memory: 2147483648n, tags: ['x', 'y'], other_config: { k: 'v' } },
  { ref: 'OpaqueRef:b', uuid: 'bbbb-2', name_label: 'db01', power_state: 'Halted', memory: 18446744073709551615n, tags: [], other_config: {} },
];
const data: RenderData = { kind: 'rows', rows };
const view = (format: View['format'], extra: Partial<View> = {}): View => ({ format, ...extra });

test('json: array of records, ref first, bigint digits exact past 2^53', () => {
  const out = render(data, view('json'), piped);
  assert.match(out, /^\[\n  \{\n    "ref": "OpaqueRef:a",/);
  assert.ok(out.includes('"memory": 18446744073709551615'));
  const parsed = JSON.parse(out) as Array<Record<string, unknown>>;
  assert.equal(parsed.length, 2);
  assert.deepEqual(Object.keys(parsed[0] ?? {})[0], 'ref');
  assert.deepEqual(parsed[0]?.['tags'], ['x', 'y']);
});

test('json: dates as ISO-8601 without milliseconds; empty list is []', () => {
  const out = render({ kind: 'record', record: { ref: 'OpaqueRef:t', created: new Date(Date.UTC(2025, 2, 19, 4, 16, 24)) } }, view('json'), piped);
  assert.equal(JSON.parse(out).created, '2025-03-19T04:16:24Z');
  assert.equal(render({ kind: 'rows', rows: [] }, view('json'), piped), '[]\n');
});

test('json: -c restricts members', () => {
  const out = JSON.parse(render(data, view('json', { columns: ['ref', 'name_label'] }), piped)) as unknown[];
  assert.deepEqual(out[0], { ref: 'OpaqueRef:a', name_label: 'web01' });
});

test('ndjson: one record a line', () => {
  const lines = render(data, view('ndjson', { columns: ['name_label'] }), piped).trimEnd().split('\n');
  assert.deepEqual(lines, ['{"name_label":"web01"}', '{"name_label":"db01"}']);
});

test('yaml: a list of mappings with exact ints', () => {
  const out = render(data, view('yaml', { columns: ['name_label', 'memory'] }), piped);
  assert.equal(out, '- name_label: web01\n  memory: 2147483648\n- name_label: db01\n  memory: 18446744073709551615\n');
});

test('csv: header row of field names, quoting', () => {
  const out = render({ kind: 'rows', rows: [{ a: 'x,y', b: 'say "hi"' }] }, view('csv'), piped);
  assert.equal(out, 'a,b\n"x,y","say ""hi"""\n');
});

test('value: values only, tab-separated, one object a line', () => {
  assert.equal(render(data, view('value', { columns: ['name_label', 'power_state'] }), piped), 'web01\tRunning\ndb01\tHalted\n');
});

test('minimal: comma-separated uuids, or the single -c field, escaping commas', () => {
  assert.equal(render(data, view('minimal'), piped), 'aaaa-1,bbbb-2\n');
  assert.equal(render(data, view('minimal', { columns: ['name_label'] }), piped), 'web01,db01\n');
  assert.equal(render({ kind: 'rows', rows: [{ uuid: 'a,b' }] }, view('minimal'), piped), 'a\\,b\n');
});

test('xml: methodResponse with the Success envelope, a list of structs with ref, untyped strings', () => {
  const out = render(data, view('xml', { columns: ['ref', 'memory'] }), piped);
  assert.ok(out.startsWith('<?xml') || out.startsWith('<methodResponse>'));
  assert.ok(out.includes('<member><name>Status</name><value>Success</value></member>'));
  assert.ok(out.includes('<member><name>ref</name><value>OpaqueRef:a</value></member>'));
  assert.ok(out.includes('<value>18446744073709551615</value>'));
  assert.ok(!/>\s+</.test(out), 'no whitespace between tags');
});

test('scalar: the bare value as on the wire in every text format', () => {
  assert.equal(render({ kind: 'scalar', value: 'Halted' }, view('table'), piped), 'Halted\n');
  assert.equal(render({ kind: 'scalar', value: 2147483648n }, view('table'), tty), '2147483648\n');
  assert.equal(render({ kind: 'scalar', value: 2147483648n }, view('json'), piped), '2147483648\n');
});

test('table piped: header line, tab-separated, no humanising', () => {
  const out = render(data, view('table', { columns: ['name_label', 'memory'], units: { memory: 'bytes' } }), piped);
  assert.equal(out, 'name-label\tmemory\nweb01\t2147483648\ndb01\t18446744073709551615\n');
});

test('table on a TTY: aligned, humanised sizes, headers from the view', () => {
  const out = render(data, view('table', { columns: ['name_label', 'memory', 'tags'], units: { memory: 'bytes' }, headers: { memory: 'MEM' } }), tty);
  const lines = out.trimEnd().split('\n');
  assert.match(lines[0] ?? '', /^name-label\s+MEM\s+tags$/);
  assert.match(lines[1] ?? '', /^web01\s+2 GiB\s+x; y$/);
  assert.match(lines[2] ?? '', /^db01\s+16 EiB/);
  assert.ok(!out.includes('\u001b['), 'no colour when caps.color is false');
});

test('table on a TTY with colour: ANSI escapes present', () => {
  const out = render(data, view('table', { columns: ['name_label', 'power_state'] }), { ...tty, color: true });
  assert.ok(out.includes('\u001b['));
});

test('table on a TTY is fitted to the width', () => {
  const long = [{ name_label: 'x'.repeat(200), power_state: 'Running' }];
  const out = render({ kind: 'rows', rows: long }, view('table'), { ...tty, width: 40 });
  for (const line of out.trimEnd().split('\n')) assert.ok(line.length <= 40, `too wide: ${line.length}`);
  assert.ok(out.includes('…'));
});

test('--sort: by column, numeric for ints, - for descending', () => {
  const sorted = (desc: boolean): string => render(data, view('value', { columns: ['name_label'], sort: { key: 'memory', desc } }), piped);
  assert.equal(sorted(false), 'web01\ndb01\n');
  assert.equal(sorted(true), 'db01\nweb01\n');
  assert.equal(render(data, view('value', { columns: ['name_label'], sort: { key: 'name_label', desc: false } }), piped), 'db01\nweb01\n');
});

test('record in a table: field/value lines', () => {
  const out = render({ kind: 'record', record: { ref: 'OpaqueRef:a', name_label: 'web01' } }, view('table'), piped);
  assert.equal(out, 'ref\tOpaqueRef:a\nname-label\tweb01\n');
});

test('minimal: a value with a line break stays on the one line (escaped as \\n)', () => {
  const rows2: XenStruct[] = [{ uuid: 'a', name_description: 'line1\nline2' }, { uuid: 'b', name_description: 'x\r\ny' }];
  const out = render({ kind: 'rows', rows: rows2 }, view('minimal', { columns: ['name_description'] }), piped);
  assert.equal(out, 'line1\\nline2,x\\r\\ny\n');
  assert.equal(render({ kind: 'scalar', value: 'a\nb' }, view('minimal'), piped), 'a\\nb\n');
});

test('yaml: strings a YAML 1.1 reader would take for booleans, octals or times are quoted', () => {
  const rec: XenStruct = { name_label: 'no', name_description: 'On', tag: '0123', at: '12:30', ok: true, memory: 18446744073709551615n };
  assert.equal(
    render({ kind: 'record', record: rec }, view('yaml'), piped),
    'name_label: "no"\nname_description: "On"\ntag: "0123"\nat: "12:30"\nok: true\nmemory: 18446744073709551615\n',
  );
  assert.equal(render({ kind: 'scalar', value: 'yes' }, view('yaml'), piped), '"yes"\n');
});
