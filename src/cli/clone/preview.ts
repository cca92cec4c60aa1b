// --dry-run of a customized clone: the source's affected files read through VDI.get_file, the customization applied
// locally by the server's own engine, and one unified diff per guest file that would change. Nothing is written.
import type { Caller } from '../context.js';
import type { GuestTree } from '../../guest/types.js';
import { applyCustomization } from '../../guest/apply.js';
import { treeChanges } from '../../guest/diff.js';
import { GUEST_FILES, MAC_KEEP, MAC_RANDOM } from '../../guest/keys.js';
import { touchesGuest, type Customization } from '../../guest/parse.js';
import { readFiles, rootVdi } from './guest-read.js';
import { customizationError } from '../../guest/parse.js';

const SSH_KEY_TYPES = ['ed25519', 'rsa', 'ecdsa', 'dsa'];

/** Every guest path the customization may read or write. */
export function touchedPaths(c: Customization): string[] {
  const out = [GUEST_FILES.hostname, GUEST_FILES.hosts, GUEST_FILES.interfaces, ...c.files.keys(), ...c.patches.keys()];
  if (c.reset.has('machine-id')) out.push(GUEST_FILES.machineId, GUEST_FILES.dbusMachineId);
  if (c.reset.has('ssh-host-keys')) {
    for (const t of SSH_KEY_TYPES) out.push(`${GUEST_FILES.sshHostKeyPrefix}${t}_key`, `${GUEST_FILES.sshHostKeyPrefix}${t}_key.pub`);
  }
  return out;
}

function macLines(c: Customization): string[] {
  const out: string[] = [];
  for (const [device, v] of [...c.vifs].sort(([a], [b]) => a - b)) {
    if (v.mac === undefined) continue;
    const what = v.mac === MAC_RANDOM ? 'a new random MAC' : v.mac === MAC_KEEP ? "the source's MAC" : v.mac;
    out.push(`# VIF ${device}: ${what}\n`);
  }
  return out;
}

/** What reset writes is random, made by the server when it clones: the preview names it instead of showing a
 * value the clone will not get. */
export const NEW_MACHINE_ID = '<a new random machine-id>';
export const NEW_SSH_KEY = '<a new random key>';

function placeholders(before: GuestTree, after: GuestTree, c: Customization): void {
  if (c.reset.has('machine-id')) {
    for (const path of [GUEST_FILES.machineId, GUEST_FILES.dbusMachineId]) {
      const f = after.get(path);
      if (f !== undefined) after.set(path, { data: Buffer.from(`${NEW_MACHINE_ID}\n`), mode: f.mode });
    }
  }
  if (!c.reset.has('ssh-host-keys')) return;
  for (const [path, f] of after) {
    if (!path.startsWith(GUEST_FILES.sshHostKeyPrefix) || !path.endsWith('.pub') || before.get(path)?.data.equals(f.data) === true) continue;
    const [type = '', , ...comment] = f.data.toString('utf8').trim().split(' ');
    after.set(path, { data: Buffer.from(`${[type, NEW_SSH_KEY, ...comment].join(' ')}\n`), mode: f.mode });
  }
}

/** The text --dry-run shows: a diff per guest file that would change, and the MAC decisions. */
export async function previewClone(caller: Caller, vm: string, c: Customization): Promise<string> {
  const parts = macLines(c);
  if (touchesGuest(c)) {
    const vdi = await rootVdi(caller, vm);
    if (vdi === undefined) throw customizationError('customization', '', 'the VM has no disk with a guest filesystem');
    const before = await readFiles(caller, vdi, touchedPaths(c));
    const after = applyCustomization(before, c);
    placeholders(before, after, c);
    for (const change of treeChanges(before, after)) parts.push(change.diff);
  }
  return parts.length === 0 ? '# no change to the guest files\n' : parts.join('');
}
