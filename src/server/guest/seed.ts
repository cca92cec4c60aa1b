// Writes the demo guests' files (src/server/seed returns them by VDI ref) into the guest filesystem store.
import type { ObjectStore } from '../store/types.js';
import type { GuestFs, GuestTree } from '../../guest/types.js';
import { GUEST_CLASSES, VDI_FIELDS } from './wire-names.js';

const PRIVATE = /_key$/;

export function writeSeedGuestFiles(guestFs: GuestFs, store: ObjectStore, files: ReadonlyMap<string, ReadonlyMap<string, Buffer>>): void {
  for (const [vdiRef, content] of files) {
    const uuid = store.get(GUEST_CLASSES.vdi, vdiRef)?.[VDI_FIELDS.uuid];
    if (typeof uuid !== 'string' || guestFs.has(uuid)) continue;
    const tree: GuestTree = new Map();
    for (const [path, data] of content) tree.set(path, { data, mode: PRIVATE.test(path) ? 0o600 : 0o644 });
    guestFs.commit(uuid, tree);
  }
}
