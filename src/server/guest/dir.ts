// Guest filesystems as real files: <root>/<vdi-uuid>/etc/hostname ... (root is <state>/vdi). A whole filesystem is
// written into a staging directory and renamed into place, so a reader sees the old tree or the new one, never half.
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { GuestFile, GuestFs, GuestTree } from '../../guest/types.js';
import { GuestPathError, guestPath, segments } from '../../guest/paths.js';

const DISK_NAME = /^[0-9A-Za-z][0-9A-Za-z_-]*$/;

function diskDir(root: string, uuid: string): string {
  if (!DISK_NAME.test(uuid)) throw new Error(`not a VDI uuid: ${uuid}`);
  return join(root, uuid);
}

function walk(dir: string, prefix: string, out: GuestTree): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    const path = `${prefix}/${entry.name}`;
    // Symbolic links are not followed: a link can never make the server read outside the disk's directory.
    if (entry.isDirectory()) walk(full, path, out);
    else if (entry.isFile()) out.set(path, { data: readFileSync(full), mode: lstatSync(full).mode & 0o7777 });
  }
}

function writeTree(dir: string, tree: ReadonlyMap<string, GuestFile>): void {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  for (const [path, file] of tree) {
    const target = join(dir, ...segments(path));
    mkdirSync(dirname(target), { recursive: true, mode: 0o755 });
    writeFileSync(target, file.data, { mode: file.mode });
    chmodSync(target, file.mode);
  }
}

/** Staging and replaced trees a crash left behind (names start with a dot; disk directories never do). */
function sweep(root: string): void {
  if (!existsSync(root)) return;
  for (const name of readdirSync(root)) {
    if (name.startsWith('.staging-') || name.startsWith('.old-')) rmSync(join(root, name), { recursive: true, force: true });
  }
}

export function dirGuestFs(root: string): GuestFs {
  sweep(root);
  const temp = (kind: string, uuid: string): string => join(root, `.${kind}-${uuid}-${randomBytes(4).toString('hex')}`);

  /** Moves `staged` to the disk's place, replacing what was there. */
  const install = (uuid: string, staged: string): void => {
    const dest = diskDir(root, uuid);
    let old: string | undefined;
    if (existsSync(dest)) {
      old = temp('old', uuid);
      renameSync(dest, old);
    }
    try {
      renameSync(staged, dest);
    } catch (e) {
      if (old !== undefined) renameSync(old, dest);
      throw e;
    }
    if (old !== undefined) rmSync(old, { recursive: true, force: true });
  };

  const stage = (uuid: string, fill: (dir: string) => void): void => {
    mkdirSync(root, { recursive: true, mode: 0o700 });
    const staged = temp('staging', uuid);
    try {
      fill(staged);
      install(uuid, staged);
    } catch (e) {
      rmSync(staged, { recursive: true, force: true });
      throw e;
    }
  };

  return {
    has: (uuid) => existsSync(diskDir(root, uuid)),
    readTree(uuid) {
      const out: GuestTree = new Map();
      const dir = diskDir(root, uuid);
      if (existsSync(dir)) walk(dir, '', out);
      return out;
    },
    readFile(uuid, path) {
      let at = diskDir(root, uuid);
      for (const part of segments(path)) {
        at = join(at, part);
        let st;
        try {
          st = lstatSync(at);
        } catch {
          return undefined;
        }
        if (st.isSymbolicLink()) throw new GuestPathError(path, 'goes through a symbolic link');
      }
      const st = lstatSync(at);
      if (!st.isFile()) return undefined;
      return { data: readFileSync(at), mode: st.mode & 0o7777 };
    },
    commit(uuid, tree) {
      for (const p of tree.keys()) guestPath(p);
      stage(uuid, (dir) => writeTree(dir, tree));
    },
    copy(from, to) {
      const src = diskDir(root, from);
      if (!existsSync(src)) return;
      stage(to, (dir) => cpSync(src, dir, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true }));
    },
    remove(uuid) {
      rmSync(diskDir(root, uuid), { recursive: true, force: true });
    },
  };
}
