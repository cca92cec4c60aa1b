// OpenSSH's known_hosts files: plain and hashed (`|1|salt|hmac`) host patterns, `[host]:port` for other ports,
// wildcards and negation, @revoked markers. Read-only except for appending a newly trusted key.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The key type named inside an ssh public-key blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const len = blob.readUInt32BE(0);
  return blob.length < 4 + len ? 'unknown' : blob.toString('latin1', 4, 4 + len);
}

/** `SHA256:...` as ssh and ssh-keygen print it (base64 without padding). */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** `ED25519`, `ECDSA`, `RSA`: how ssh names a key type in its messages. */
export function keyLabel(type: string): string {
  if (type === 'ssh-ed25519') return 'ED25519';
  if (type.startsWith('ecdsa-')) return 'ECDSA';
  if (type === 'ssh-rsa') return 'RSA';
  return type;
}

/** The name a host is filed under: `host` on port 22, `[host]:port` elsewhere. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

export interface KnownKey {
  readonly type: string;
  readonly blob: Buffer;
  readonly file: string;
  readonly line: number;
  readonly revoked: boolean;
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

function hashedMatches(entry: string, name: string): boolean {
  const parts = entry.split('|');
  if (parts.length !== 4 || parts[1] !== '1') return false;
  const salt = Buffer.from(parts[2] ?? '', 'base64');
  const want = parts[3] ?? '';
  // ssh lower-cases host names before hashing them (and before any lookup).
  return createHmac('sha1', salt).update(name.toLowerCase()).digest('base64') === want;
}

/** Does a comma list of patterns name this host? A matching negated pattern rules it out. */
export function hostMatches(patterns: string, name: string): boolean {
  if (patterns.startsWith('|')) return hashedMatches(patterns, name);
  let matched = false;
  for (const raw of patterns.split(',')) {
    const negated = raw.startsWith('!');
    const pattern = negated ? raw.slice(1) : raw;
    if (pattern === '') continue;
    const hit = /[*?]/.test(pattern) ? globToRegExp(pattern).test(name) : pattern.toLowerCase() === name.toLowerCase();
    if (hit && negated) return false;
    if (hit) matched = true;
  }
  return matched;
}

/** The keys the files hold for `name` (a missing file holds none). */
export async function knownKeysFor(files: readonly string[], name: string): Promise<KnownKey[]> {
  const out: KnownKey[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue;
    }
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const fields = (lines[i] ?? '').trim().split(/\s+/);
      if (fields[0] === undefined || fields[0] === '' || fields[0].startsWith('#')) continue;
      let marker: string | undefined;
      if (fields[0].startsWith('@')) marker = fields.shift();
      if (marker === '@cert-authority') continue;
      const [patterns, type, key] = fields;
      if (patterns === undefined || type === undefined || key === undefined) continue;
      if (!hostMatches(patterns, name)) continue;
      out.push({ type, blob: Buffer.from(key, 'base64'), file, line: i + 1, revoked: marker === '@revoked' });
    }
  }
  return out;
}

export type HostKeyVerdict =
  | { readonly kind: 'known' }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'revoked'; readonly entry: KnownKey }
  /** The host is known with other keys: what the files hold (of the offered key's type, else all of them). */
  | { readonly kind: 'changed'; readonly known: readonly KnownKey[] };

export function judgeHostKey(known: readonly KnownKey[], offered: Buffer): HostKeyVerdict {
  const revoked = known.find((k) => k.revoked && k.blob.equals(offered));
  if (revoked !== undefined) return { kind: 'revoked', entry: revoked };
  const valid = known.filter((k) => !k.revoked);
  if (valid.some((k) => k.blob.equals(offered))) return { kind: 'known' };
  if (valid.length === 0) return { kind: 'unknown' };
  const type = keyTypeOf(offered);
  const sameType = valid.filter((k) => k.type === type);
  return { kind: 'changed', known: sameType.length > 0 ? sameType : valid };
}

/** `|1|salt|hmac`: the name as HashKnownHosts writes it (HMAC-SHA1 of the lower-cased name under a random salt). */
export function hashHostName(name: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name.toLowerCase()).digest('base64')}`;
}

/** Appends `name type base64` to the user's known_hosts (creating ~/.ssh 0700 if needed); `hash`: the name hashed. */
export async function recordHostKey(file: string, name: string, blob: Buffer, hash = false): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  let prefix = '';
  try {
    const text = await readFile(file, 'utf8');
    if (text !== '' && !text.endsWith('\n')) prefix = '\n';
  } catch {
    // a new file
  }
  await appendFile(file, `${prefix}${hash ? hashHostName(name) : name} ${keyTypeOf(blob)} ${blob.toString('base64')}\n`, { mode: 0o600 });
}
