// Reading a VM's guest files from the CLI through VDI.get_file, and telling whether the server has that extension.
import type { XenStruct, XenValue } from '../../model/types.js';
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import { NULL_REF } from '../../model/index.js';
import type { Caller } from '../context.js';
import type { GuestTree } from '../../guest/types.js';
import { GUEST_FILES } from '../../guest/keys.js';
import { CD_TYPE, F, PROBE_REF, W } from './wire.js';

function struct(v: XenValue): XenStruct {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) ? (v as XenStruct) : {};
}

function strs(v: XenValue | undefined): string[] {
  return Array.isArray(v) ? (v as readonly XenValue[]).filter((x): x is string => typeof x === 'string') : [];
}

/** Whether the server keeps guest filesystems (VM.clone customization, VDI.get_file). */
export async function hasGuestExtension(caller: Caller): Promise<boolean> {
  try {
    await caller.call(W.getFile, [PROBE_REF, GUEST_FILES.hostname]);
    return true;
  } catch (e) {
    if (e instanceof XenApiError) return e.code !== ERR.MESSAGE_METHOD_UNKNOWN && e.code !== ERR.NOT_IMPLEMENTED;
    throw e;
  }
}

/** One guest file, or undefined when the disk has no such file (or no guest filesystem: `noDisk`). */
export async function getFile(caller: Caller, vdi: string, path: string): Promise<Buffer | undefined | 'noDisk'> {
  try {
    const v = await caller.call(W.getFile, [vdi, path]);
    return Buffer.from(typeof v === 'string' ? v : '', 'base64');
  } catch (e) {
    if (e instanceof XenApiError && e.code === ERR.VDI_NOT_AVAILABLE) return 'noDisk';
    if (e instanceof XenApiError && e.code === ERR.VALUE_NOT_SUPPORTED) return undefined;
    throw e;
  }
}

/** The disk holding the VM's guest filesystem, as the server picks it: the lowest-numbered disk that has one. */
export async function rootVdi(caller: Caller, vm: string): Promise<string | undefined> {
  const disks: Array<{ dev: number; vdi: string }> = [];
  for (const vbd of strs(struct(await caller.call(W.vmRecord, [vm]))[F.vbds])) {
    const r = struct(await caller.call(W.vbdRecord, [vbd]));
    const vdi = r[F.vdi];
    if (r[F.type] === CD_TYPE || r[F.empty] === true || typeof vdi !== 'string' || vdi === NULL_REF) continue;
    disks.push({ dev: Number(r[F.userdevice]), vdi });
  }
  disks.sort((a, b) => a.dev - b.dev);
  for (const d of disks) if ((await getFile(caller, d.vdi, GUEST_FILES.hostname)) !== 'noDisk') return d.vdi;
  return undefined;
}

/** The files among `paths` the disk holds. */
export async function readFiles(caller: Caller, vdi: string, paths: Iterable<string>): Promise<GuestTree> {
  const tree: GuestTree = new Map();
  for (const p of new Set(paths)) {
    const data = await getFile(caller, vdi, p);
    if (data instanceof Buffer) tree.set(p, { data, mode: 0o644 });
  }
  return tree;
}
