// What `vm clone` is asked to change, before it becomes VM.clone's customization map: from spec.yaml
// (INTERFACES.md, Extensions), from the inline flags, or from the wizard. Local file names are absolute here.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { loadYaml } from '../../config/yaml-load.js';

export interface NetSpec {
  readonly device: number;
  ip?: string;
  gateway?: string;
  dns?: readonly string[];
  mac?: string;
}

export interface CloneSpec {
  hostname?: string;
  readonly network: NetSpec[];
  /** Guest path <- local file. */
  readonly files: Array<{ readonly path: string; readonly source: string }>;
  /** A local unified diff; `path` absent: the diff's own headers name the guest files. */
  readonly patches: Array<{ readonly path?: string; readonly diff: string }>;
  readonly reset: string[];
}

export function emptySpec(): CloneSpec {
  return { network: [], files: [], patches: [], reset: [] };
}

const TOP_KEYS = ['hostname', 'network', 'files', 'patches', 'reset'];
const NET_KEYS = ['device', 'ip', 'gateway', 'dns', 'mac'];

type Obj = Readonly<Record<string, unknown>>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(file: string, what: string): never {
  throw new UsageError(`${file}: ${what}`);
}

function text(file: string, where: string, v: unknown): string {
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number') return String(v);
  return fail(file, `${where} must be a non-empty string`);
}

function list(file: string, where: string, v: unknown): readonly unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) fail(file, `${where} must be a list`);
  return v;
}

function checkKeys(file: string, where: string, o: Obj, known: readonly string[]): void {
  const bad = Object.keys(o).find((k) => !known.includes(k));
  if (bad !== undefined) fail(file, `unknown key '${bad}' in ${where} (known: ${known.join(', ')})`);
}

/** A NIC entry: device defaults to its position in the list. */
function netOf(file: string, v: unknown, i: number): NetSpec {
  if (!isObj(v)) return fail(file, `network[${i}] must be a mapping`);
  checkKeys(file, `network[${i}]`, v, NET_KEYS);
  const device = v['device'] === undefined ? i : Number(v['device']);
  if (!Number.isInteger(device) || device < 0) fail(file, `network[${i}].device must be a number (0 for eth0)`);
  const out: NetSpec = { device };
  if (v['ip'] !== undefined) out.ip = text(file, `network[${i}].ip`, v['ip']);
  if (v['gateway'] !== undefined) out.gateway = text(file, `network[${i}].gateway`, v['gateway']);
  if (v['dns'] !== undefined) {
    const d = v['dns'];
    out.dns = typeof d === 'string' ? d.split(',').map((s) => s.trim()) : list(file, `network[${i}].dns`, d).map((x, j) => text(file, `network[${i}].dns[${j}]`, x));
  }
  if (v['mac'] !== undefined) out.mac = text(file, `network[${i}].mac`, v['mac']);
  return out;
}

/** Parses spec.yaml; relative local paths are relative to the spec file's directory. */
export async function readSpecFile(path: string): Promise<CloneSpec> {
  const { parse } = await loadYaml();
  let doc: unknown;
  try {
    doc = parse(await readFile(path, 'utf8'));
  } catch (e) {
    const why = (e instanceof Error ? e.message.split('\n')[0] ?? e.message : String(e)).replace(/:\s*$/, '');
    throw new UsageError(`cannot read the customization spec ${path}: ${why}`);
  }
  if (doc === null || doc === undefined) return emptySpec();
  if (!isObj(doc)) fail(path, 'must be a mapping (hostname, network, files, patches, reset)');
  checkKeys(path, 'the spec', doc, TOP_KEYS);
  const base = dirname(path);
  const spec = emptySpec();
  if (doc['hostname'] !== undefined) spec.hostname = text(path, 'hostname', doc['hostname']);
  list(path, 'network', doc['network']).forEach((n, i) => spec.network.push(netOf(path, n, i)));
  list(path, 'files', doc['files']).forEach((f, i) => {
    if (!isObj(f)) fail(path, `files[${i}] must be a mapping with path and source`);
    checkKeys(path, `files[${i}]`, f, ['path', 'source']);
    spec.files.push({ path: text(path, `files[${i}].path`, f['path']), source: resolve(base, text(path, `files[${i}].source`, f['source'])) });
  });
  list(path, 'patches', doc['patches']).forEach((p, i) => {
    if (!isObj(p)) fail(path, `patches[${i}] must be a mapping with path and diff`);
    checkKeys(path, `patches[${i}]`, p, ['path', 'diff']);
    const diff = resolve(base, text(path, `patches[${i}].diff`, p['diff']));
    spec.patches.push(p['path'] === undefined ? { diff } : { path: text(path, `patches[${i}].path`, p['path']), diff });
  });
  const reset = doc['reset'];
  const items = typeof reset === 'string' ? reset.split(',').map((s) => s.trim()) : list(path, 'reset', reset).map((r, i) => text(path, `reset[${i}]`, r));
  spec.reset.push(...items);
  return spec;
}

/** The NIC entry for a device, made when absent. */
export function nic(spec: CloneSpec, device: number): NetSpec {
  let n = spec.network.find((x) => x.device === device);
  if (n === undefined) {
    n = { device };
    spec.network.push(n);
  }
  return n;
}

/** Whether anything at all is asked for. */
export function isEmpty(spec: CloneSpec): boolean {
  return spec.hostname === undefined && spec.files.length === 0 && spec.patches.length === 0 && spec.reset.length === 0 &&
    spec.network.every((n) => n.ip === undefined && n.gateway === undefined && n.dns === undefined && n.mac === undefined);
}
