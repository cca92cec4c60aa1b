// A CloneSpec -> VM.clone's customization map (INTERFACES.md, Extensions): local files read and base64-encoded,
// diffs split per guest file by their headers.
import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { CUSTOM, vifKey } from '../../guest/keys.js';
import type { CloneSpec } from './spec.js';

const NO_FILE = '/dev/null';

async function local(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    throw new UsageError(`cannot read ${what} ${path}${code === '' ? '' : ` (${code})`}`);
  }
}

/** The guest path a diff header names: `b/etc/hosts`, `etc/hosts` and `/etc/hosts` all mean /etc/hosts. */
export function headerPath(name: string | undefined): string | undefined {
  if (name === undefined || name === '' || name === NO_FILE) return undefined;
  const bare = name.trim().split('\t')[0] ?? '';
  const rel = /^[ab]\//.test(bare) ? bare.slice(2) : bare;
  return rel.startsWith('/') ? rel : `/${rel}`;
}

/** One diff text per guest file named in its headers. */
export async function splitDiff(text: string, file: string): Promise<Map<string, string>> {
  const { parsePatch, formatPatch } = await import('diff');
  let parts;
  try {
    parts = parsePatch(text).filter((p) => p.hunks.length > 0);
  } catch (e) {
    throw new UsageError(`${file} is not a unified diff: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (parts.length === 0) throw new UsageError(`${file} holds no hunks`);
  const out = new Map<string, string>();
  for (const p of parts) {
    const path = headerPath(p.newFileName) ?? headerPath(p.oldFileName);
    if (path === undefined) throw new UsageError(`${file}: a diff without ---/+++ headers does not say which guest file it changes`);
    out.set(path, formatPatch(p));
  }
  return out;
}

export async function toCustomizationMap(spec: CloneSpec): Promise<Record<string, string>> {
  const map: Record<string, string> = {};
  if (spec.hostname !== undefined) map[CUSTOM.hostname] = spec.hostname;
  for (const n of [...spec.network].sort((a, b) => a.device - b.device)) {
    if (n.mac !== undefined) map[vifKey(n.device, 'mac')] = n.mac;
    if (n.ip !== undefined) map[vifKey(n.device, 'ip')] = n.ip;
    if (n.gateway !== undefined) map[vifKey(n.device, 'gateway')] = n.gateway;
    if (n.dns !== undefined) map[vifKey(n.device, 'dns')] = n.dns.join(',');
  }
  for (const f of spec.files) map[`${CUSTOM.filePrefix}${f.path}`] = (await local(f.source, 'the file for')).toString('base64');
  for (const p of spec.patches) {
    const text = (await local(p.diff, 'the diff')).toString('utf8');
    if (p.path !== undefined) map[`${CUSTOM.patchPrefix}${p.path}`] = text;
    else for (const [path, one] of await splitDiff(text, p.diff)) map[`${CUSTOM.patchPrefix}${path}`] = one;
  }
  if (spec.reset.length > 0) map[CUSTOM.reset] = spec.reset.join(',');
  return map;
}
