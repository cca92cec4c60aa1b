// Applies a checked Customization to a copy of a guest filesystem, in a fixed order: replaced files, patches (both
// written against what the source holds), then hostname, network and identity reset. All in memory: a failure
// leaves nothing behind, and the caller commits the result in one step.
import { applyPatch, parsePatch } from 'diff';
import type { GuestTree } from './types.js';
import { CUSTOM, GUEST_FILES } from './keys.js';
import { customizationError, type Customization } from './parse.js';
import { editHosts } from './hosts.js';
import { editInterfaces } from './interfaces.js';
import { resetIdentity } from './identity.js';

const DEFAULT_MODE = 0o644;
const NO_FILE = '/dev/null';

function text(tree: GuestTree, path: string): string | undefined {
  return tree.get(path)?.data.toString('utf8');
}

function put(tree: GuestTree, path: string, content: string | Buffer): void {
  tree.set(path, { data: typeof content === 'string' ? Buffer.from(content) : content, mode: tree.get(path)?.mode ?? DEFAULT_MODE });
}

/** Whether the bytes are text a unified diff can apply to. */
export function isText(data: Buffer): boolean {
  return !data.includes(0) && Buffer.from(data.toString('utf8'), 'utf8').equals(data);
}

function patchFile(tree: GuestTree, path: string, diff: string): void {
  const key = `${CUSTOM.patchPrefix}${path}`;
  let parsed;
  try {
    parsed = parsePatch(diff);
  } catch (e) {
    throw customizationError(key, diff, `not a unified diff: ${e instanceof Error ? e.message : String(e)}`);
  }
  const files = parsed.filter((p) => p.hunks.length > 0);
  const one = files[0];
  if (one === undefined || files.length > 1) throw customizationError(key, diff, `a unified diff of exactly one file is needed (found ${files.length})`);
  const current = tree.get(path);
  if (current !== undefined && !isText(current.data)) throw customizationError(key, diff, `${path} is not a text file`);
  const creates = one.oldFileName === NO_FILE || (one.hunks.length === 1 && one.hunks[0]?.oldLines === 0 && one.hunks[0]?.oldStart === 0);
  if (current === undefined && !creates) throw customizationError(key, diff, `${path} does not exist in the guest`);
  if (current === undefined) checkPlace(tree, key, path);
  const result = applyPatch(current?.data.toString('utf8') ?? '', one);
  if (result === false) throw customizationError(key, diff, `the patch does not apply to ${path} (the file differs from what the diff expects)`);
  if (one.newFileName === NO_FILE && result === '') tree.delete(path);
  else put(tree, path, result);
}

/** A new file may not sit where the tree has a directory, nor below one of its files. */
function checkPlace(tree: GuestTree, key: string, path: string): void {
  const parts = path.split('/');
  for (let i = 2; i < parts.length; i++) {
    const dir = parts.slice(0, i).join('/');
    if (tree.has(dir)) throw customizationError(key, '', `${dir} is a file in the guest, not a directory`);
  }
  for (const other of tree.keys()) {
    if (other.startsWith(`${path}/`)) throw customizationError(key, '', `${path} is a directory in the guest`);
  }
}

/** The customized copy of `source` (which is left untouched). Throws VALUE_NOT_SUPPORTED naming the bad entry. */
export function applyCustomization(source: GuestTree, c: Customization): GuestTree {
  const tree: GuestTree = new Map(source);
  for (const [path, data] of c.files) {
    checkPlace(tree, `${CUSTOM.filePrefix}${path}`, path);
    put(tree, path, data);
  }
  for (const [path, diff] of c.patches) patchFile(tree, path, diff);
  const oldName = (text(tree, GUEST_FILES.hostname) ?? '').trim();
  const name = c.hostname ?? (oldName === '' ? 'localhost' : oldName);
  if (c.hostname !== undefined) put(tree, GUEST_FILES.hostname, `${c.hostname}\n`);
  const first = c.vifs.get(0)?.ip?.address;
  const hosts = text(tree, GUEST_FILES.hosts);
  if ((c.hostname !== undefined || first !== undefined) && (hosts !== undefined || c.hostname !== undefined)) {
    put(tree, GUEST_FILES.hosts, editHosts(hosts ?? '127.0.0.1\tlocalhost\n', oldName === '' ? name : oldName, name, first));
  }
  const interfaces = editInterfaces(text(tree, GUEST_FILES.interfaces), c.vifs);
  if (interfaces !== undefined && interfaces !== text(tree, GUEST_FILES.interfaces)) put(tree, GUEST_FILES.interfaces, interfaces);
  resetIdentity(tree, c.reset, name);
  return tree;
}
