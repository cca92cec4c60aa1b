// One process per state directory: an exclusively created lockfile holding the owner's PID.
import { existsSync, linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StoreError } from './table-store.js';

export const LOCK_FILE = 'lock';

/**
 * Without a liveness probe from the caller, a PID is alive when /proc has it (or when there is no /proc) and it is
 * not a zombie: a killed server stays one until its parent reaps it, and holds nothing meanwhile.
 */
export function procAlive(pid: number): boolean {
  if (!existsSync('/proc/self')) return true;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  // "PID (comm) STATE ...": comm may hold spaces and parentheses, so the state follows the last ')'.
  return stat.charAt(stat.lastIndexOf(')') + 2) !== 'Z';
}

export interface LockOptions {
  readonly pid: number;
  readonly isAlive?: (pid: number) => boolean;
}

export interface DirLock {
  readonly path: string;
  release(): void;
}

function holderOf(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isFinite(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function lockDir(dir: string, opts: LockOptions): DirLock {
  const path = join(dir, LOCK_FILE);
  const isAlive = opts.isAlive ?? procAlive;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    // Written aside and hard-linked into place, so the lock file never exists without its PID.
    const aside = `${path}.${opts.pid}`;
    writeFileSync(aside, `${opts.pid}\n`, { mode: 0o600 });
    try {
      linkSync(aside, path);
      unlinkSync(aside);
      return {
        path,
        release: () => {
          if (holderOf(path) === opts.pid) unlinkSync(path);
        },
      };
    } catch (err) {
      unlinkSync(aside);
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = holderOf(path);
    // Our own PID in the file is a leftover from a killed earlier run that had the same PID (containers).
    if (holder !== undefined && holder !== opts.pid && isAlive(holder)) {
      throw new StoreError(`state directory ${dir} is in use by process ${holder} (lock file ${path})`, 'locked');
    }
    try {
      unlinkSync(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  throw new StoreError(`could not lock state directory ${dir} (lock file ${path} keeps coming back)`, 'locked');
}
