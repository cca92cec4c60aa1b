// Operating-system users by name and by uid, from the passwd file (Node has no getpwnam): who a delegated channel's
// caller is, and whose uid a per-user socket is chowned to. Users only a directory service knows are not seen.
import { readFile } from 'node:fs/promises';

export const PASSWD_FILE = '/etc/passwd';

export interface OsUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

export interface OsUsers {
  byName(name: string): OsUser | undefined;
  byUid(uid: number): OsUser | undefined;
}

/** The users of a passwd text (`name:x:uid:gid:gecos:home:shell`, one a line; malformed lines skipped). */
export function parsePasswd(text: string): OsUsers {
  const names = new Map<string, OsUser>();
  const uids = new Map<number, OsUser>();
  for (const line of text.split('\n')) {
    const [name, , uid, gid] = line.split(':');
    if (name === undefined || name === '' || name.startsWith('#') || uid === undefined || gid === undefined) continue;
    const user: OsUser = { name, uid: Number(uid), gid: Number(gid) };
    if (!Number.isInteger(user.uid) || !Number.isInteger(user.gid)) continue;
    if (!names.has(name)) names.set(name, user);
    if (!uids.has(user.uid)) uids.set(user.uid, user);
  }
  return { byName: (n) => names.get(n), byUid: (u) => uids.get(u) };
}

/** The users of the passwd file now (an unreadable file: nobody). */
export async function readOsUsers(path = PASSWD_FILE): Promise<OsUsers> {
  try {
    return parsePasswd(await readFile(path, 'utf8'));
  } catch {
    return parsePasswd('');
  }
}

/** The user this process runs as (name from the passwd entry when the OS has none, else `fallback`). */
export function processUser(info: { uid: number; gid: number; username: string } | undefined, fallback: string): OsUser {
  return info === undefined ? { name: fallback, uid: -1, gid: -1 } : { name: info.username, uid: info.uid, gid: info.gid };
}
