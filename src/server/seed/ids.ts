// Deterministic identities for seeded objects: the same name always gives the same uuid, ref and MAC, so
// examples print the same on every machine.
import { hash } from 'node:crypto';

function digest(key: string): Buffer {
  return hash('sha1', `xenctl-seed:${key}`, 'buffer');
}

const HEX = Buffer.from('0123456789abcdef', 'latin1');

/**
 * `prefix` and the uuid as one flat string: a template literal of hex slices is a tree of cons strings, several
 * times the size, and 10,000 synthetic VMs hold 120,000 uuids and refs.
 */
function formatUuid(b: Buffer, prefix = ''): string {
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x50;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const out = Buffer.allocUnsafe(prefix.length + 36);
  let o = out.write(prefix, 0, 'latin1');
  for (let i = 0; i < 16; i += 1) {
    if (i === 4 || i === 6 || i === 8 || i === 10) out[o++] = 0x2d;
    const x = b[i] ?? 0;
    out[o++] = HEX[x >> 4] ?? 0;
    out[o++] = HEX[x & 15] ?? 0;
  }
  return out.toString('latin1');
}

/** A name-based UUID (version 5 layout, our own namespace). */
export function seedUuid(key: string): string {
  return formatUuid(digest(key));
}

/**
 * Identities for a family of objects from one digest (a VM and its disk, NIC, metrics...): member `i` of the
 * family of `key`. One hash per family instead of two per object keeps 10,000 synthetic VMs fast.
 */
export function seedFamily(key: string): (member: number) => { ref: string; uuid: string } {
  const base = digest(key);
  const derive = (member: number, salt: number, prefix: string): string => {
    const b = Buffer.from(base);
    b[0] = ((b[0] ?? 0) ^ ((member * 2 + salt) & 0xff)) & 0xff;
    b[1] = ((b[1] ?? 0) ^ (member >> 7)) & 0xff;
    return formatUuid(b, prefix);
  };
  return (member) => ({ uuid: derive(member, 0, ''), ref: derive(member, 1, REF_PREFIX) });
}

const REF_PREFIX = 'OpaqueRef:';

export function seedRef(key: string): string {
  return formatUuid(digest(`ref/${key}`), REF_PREFIX);
}

/** A locally administered unicast MAC. */
export function seedMac(key: string): string {
  const b = digest(`mac/${key}`);
  b[0] = ((b[0] ?? 0) & 0xfc) | 0x02;
  return [...b.subarray(0, 6)].map((x) => x.toString(16).padStart(2, '0')).join(':');
}

/** 32 hex digits, as /etc/machine-id holds. */
export function seedHex(key: string, bytes: number): string {
  let out = '';
  for (let i = 0; out.length < bytes * 2; i += 1) out += digest(`${key}/${i}`).toString('hex');
  return out.slice(0, bytes * 2);
}

export function seedBytes(key: string, bytes: number): Buffer {
  return Buffer.from(seedHex(key, bytes), 'hex');
}
