// Password accounts for logins over HTTP, kept in a private store table with scrypt hashes (never the password).
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { ObjectStore } from './store/types.js';

/** The private table; each row's ref is the user name. */
export const ACCOUNT_TABLE = 'xenctl_account';
export const ROOT_USER = 'root';

const KEY_LENGTH = 32;
const COST = 16384;
const BLOCK_SIZE = 8;
const PARALLEL = 1;

export interface Accounts {
  has(user: string): boolean;
  /** Creates or replaces the user's password. The caller awaits store.sync(). */
  setPassword(user: string, password: string): Promise<void>;
  /** True when the user exists and the password matches; takes the same time for unknown users. */
  verify(user: string, password: string): Promise<boolean>;
  /** Deletes the user's account, if any. The caller awaits store.sync(). */
  remove(user: string): void;
}

function derive(password: string, salt: Buffer, cost: number, blockSize: number, parallel: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, { N: cost, r: blockSize, p: parallel, maxmem: 256 * cost * blockSize }, (err, key) => {
      if (err !== null) reject(err);
      else resolve(key);
    });
  });
}

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64. */
async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST, BLOCK_SIZE, PARALLEL);
  return ['scrypt', COST, BLOCK_SIZE, PARALLEL, salt.toString('base64'), key.toString('base64')].join('$');
}

async function checkHash(stored: string, password: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

export function openAccounts(store: ObjectStore): Accounts {
  const hashOf = (user: string): string | undefined => {
    const v = store.get(ACCOUNT_TABLE, user)?.['password_hash'];
    return typeof v === 'string' ? v : undefined;
  };
  return {
    has: (user) => store.has(ACCOUNT_TABLE, user),
    async setPassword(user, password) {
      const password_hash = await hashPassword(password);
      if (store.has(ACCOUNT_TABLE, user)) store.update(ACCOUNT_TABLE, user, { password_hash });
      else store.create(ACCOUNT_TABLE, user, { name: user, password_hash });
    },
    async verify(user, password) {
      const stored = hashOf(user);
      if (stored === undefined) {
        // Spend the same work, so timing does not tell which user names exist.
        await derive(password, randomBytes(16), COST, BLOCK_SIZE, PARALLEL);
        return false;
      }
      return checkHash(stored, password);
    },
    remove(user) {
      if (store.has(ACCOUNT_TABLE, user)) store.destroy(ACCOUNT_TABLE, user);
    },
  };
}

/** A fresh random password for a new state's root account (24 url-safe characters). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
