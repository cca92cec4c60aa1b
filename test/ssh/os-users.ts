// Throwaway operating-system users for the per-user identity tests (useradd/userdel, so root only). Like a missing
// program, not being root skips the test with the reason, and fails it under XENCTL_TEST_STRICT=1 (CI runs as root).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { requireProgram } from '../helpers/system.js';

/** A skip reason, or false when users can be made here; throws under strict mode. */
export function requireUserAdmin(): string | false {
  const missing = requireProgram('useradd', 'passwd') || requireProgram('userdel', 'passwd');
  if (missing !== false) return missing;
  if (process.getuid?.() === 0) return false;
  const why = 'creating OS users (useradd) needs root: run the tests as root';
  if (process.env['XENCTL_TEST_STRICT'] === '1') throw new Error(`XENCTL_TEST_STRICT=1 and ${why}`);
  return why;
}

export interface OsUser {
  readonly name: string;
  readonly uid: number;
}

/** A new user `PREFIX` + random suffix with a home, /bin/sh and an unlocked password field ('*': ssh keys only). */
export function addUser(prefix: string): OsUser {
  const name = `${prefix}${randomBytes(3).toString('hex')}`;
  const r = spawnSync('useradd', ['-m', '-p', '*', '-s', '/bin/sh', name], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`useradd ${name}: ${r.stderr}`);
  const id = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  return { name, uid: Number(id.stdout.trim()) };
}

export function removeUser(name: string): void {
  spawnSync('userdel', ['-r', '-f', name], { stdio: 'ignore' });
}
