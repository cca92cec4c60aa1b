// The simulated hypervisor's disk-content hooks, backed by the server's guest filesystems: a copied VDI (clone,
// copy, snapshot, revert) gets a copy of its source's files, a destroyed one loses them.
import type { ServerContext } from '../context.js';
import type { DiskContentHooks } from '../sim/options.js';
import { str } from '../sim/values.js';
import { GUEST_CLASSES, VDI_FIELDS } from './wire-names.js';

/** The uuid of a VDI record, where the guest filesystem store keys it. */
export function vdiUuid(server: ServerContext, vdiRef: string): string | undefined {
  const uuid = str(server.store.get(GUEST_CLASSES.vdi, vdiRef)?.[VDI_FIELDS.uuid]);
  return uuid === '' ? undefined : uuid;
}

export const GUEST_DISK_HOOKS: DiskContentHooks = {
  copied(server, from, to) {
    const a = vdiUuid(server, from);
    const b = vdiUuid(server, to);
    if (a !== undefined && b !== undefined) server.guestFs.copy(a, b);
  },
  destroyed(server, vdi) {
    const uuid = vdiUuid(server, vdi);
    if (uuid !== undefined) server.guestFs.remove(uuid);
  },
};
