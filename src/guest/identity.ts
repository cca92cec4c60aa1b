// Identity reset: a new machine-id, and new ssh host keys (ed25519; other host key types are removed, so the guest
// generates its own on first boot, as virt-sysprep does).
import { randomBytes } from 'node:crypto';
import { ed25519KeyFiles } from './ssh-key.js';
import type { GuestTree } from './types.js';
import { GUEST_FILES, type ResetItem } from './keys.js';

export function resetIdentity(tree: GuestTree, items: ReadonlySet<ResetItem>, hostname: string): void {
  if (items.has('machine-id')) {
    const id = Buffer.from(`${randomBytes(16).toString('hex')}\n`);
    tree.set(GUEST_FILES.machineId, { data: id, mode: tree.get(GUEST_FILES.machineId)?.mode ?? 0o444 });
    const dbus = tree.get(GUEST_FILES.dbusMachineId);
    if (dbus !== undefined) tree.set(GUEST_FILES.dbusMachineId, { data: id, mode: dbus.mode });
  }
  if (items.has('ssh-host-keys')) {
    for (const path of [...tree.keys()]) if (path.startsWith(GUEST_FILES.sshHostKeyPrefix)) tree.delete(path);
    const key = ed25519KeyFiles(randomBytes(32), `root@${hostname}`);
    tree.set(GUEST_FILES.sshEd25519, { data: Buffer.from(key.privateKey), mode: 0o600 });
    tree.set(`${GUEST_FILES.sshEd25519}.pub`, { data: Buffer.from(key.publicKey), mode: 0o644 });
  }
}
