// Guest paths: absolute, normalised, no `..`, no empty or `.` segment, no NUL. Everything else is refused before
// any file is touched, so no customization can reach outside the VDI's own directory.
import { posix } from 'node:path';

export class GuestPathError extends Error {
  override readonly name = 'GuestPathError';
  readonly path: string;
  constructor(path: string, why: string) {
    super(`guest path '${path}' ${why}`);
    this.path = path;
  }
}

/** The path itself when it is a valid guest file path; throws GuestPathError otherwise. */
export function guestPath(path: string): string {
  if (!path.startsWith('/')) throw new GuestPathError(path, 'is not absolute');
  if (path.includes('\0')) throw new GuestPathError(path, 'contains a NUL byte');
  if (path === '/' || path.endsWith('/')) throw new GuestPathError(path, 'names a directory, not a file');
  const parts = path.slice(1).split('/');
  if (parts.some((p) => p === '..')) throw new GuestPathError(path, 'goes up with ..');
  if (parts.some((p) => p === '' || p === '.') || posix.normalize(path) !== path) {
    throw new GuestPathError(path, `is not normalised (write ${posix.normalize(path)})`);
  }
  return path;
}

/** The segments of a valid guest path (`/etc/hosts` -> ['etc', 'hosts']). */
export function segments(path: string): string[] {
  return guestPath(path).slice(1).split('/');
}

/** Whether `path` is `dir` or lies under it (`/etc/ssh/x` under `/etc/ssh`). */
export function isUnder(path: string, dir: string): boolean {
  return path === dir || path.startsWith(`${dir}/`);
}
