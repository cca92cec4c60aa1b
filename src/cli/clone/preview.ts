// --dry-run of a customized clone: the source's affected files read through VDI.get_file, the customization applied
// locally by the server's own engine, and one unified diff per guest file that would change. Nothing is written.
import type { Caller } from '../context.js';
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

/** The text --dry-run shows: a diff per guest file that would change, and the MAC decisions. */
export async function previewClone(caller: Caller, vm: string, c: Customization): Promise<string> {
  const parts = macLines(c);
  if (touchesGuest(c)) {
    const vdi = await rootVdi(caller, vm);
    if (vdi === undefined) throw customizationError('customization', '', 'the VM has no disk with a guest filesystem');
    const before = await readFiles(caller, vdi, touchedPaths(c));
    const after = applyCustomization(before, c);
    for (const change of treeChanges(before, after)) parts.push(change.diff);
  }
  return parts.length === 0 ? '# no change to the guest files\n' : parts.join('');
}
