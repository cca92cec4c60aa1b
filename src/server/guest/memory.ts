// Guest filesystems in memory: for tests and servers without a state directory.
import type { GuestFile, GuestFs, GuestTree } from '../../guest/types.js';
import { guestPath } from '../../guest/paths.js';

function cloneTree(tree: ReadonlyMap<string, GuestFile>): GuestTree {
  const out: GuestTree = new Map();
  for (const [p, f] of tree) out.set(p, { data: Buffer.from(f.data), mode: f.mode });
  return out;
}

export function memoryGuestFs(): GuestFs {
  const disks = new Map<string, GuestTree>();
  return {
    has: (uuid) => disks.has(uuid),
    readTree: (uuid) => cloneTree(disks.get(uuid) ?? new Map()),
    readFile(uuid, path) {
      const f = disks.get(uuid)?.get(guestPath(path));
      return f === undefined ? undefined : { data: Buffer.from(f.data), mode: f.mode };
    },
    commit(uuid, tree) {
      for (const p of tree.keys()) guestPath(p);
      disks.set(uuid, cloneTree(tree));
    },
    copy(from, to) {
      const src = disks.get(from);
      if (src !== undefined) disks.set(to, cloneTree(src));
    },
    remove: (uuid) => void disks.delete(uuid),
  };
}
