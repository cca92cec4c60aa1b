// A deterministic ed25519 host key in OpenSSH's file formats (private key PEM and one-line public key).
import { createPrivateKey, createPublicKey } from 'node:crypto';

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const KEY_TYPE = 'ssh-ed25519';

function sshString(data: Buffer | string): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length, 0);
  return Buffer.concat([len, body]);
}

function publicBlob(pub: Buffer): Buffer {
  return Buffer.concat([sshString(KEY_TYPE), sshString(pub)]);
}

/** The ed25519 key pair of a 32-byte seed, as `ssh-keygen -t ed25519` would write it (checkints from the seed). */
export function ed25519KeyFiles(seed: Buffer, comment: string): { privateKey: string; publicKey: string } {
  const priv = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(priv).export({ format: 'der', type: 'spki' });
  const pub = spki.subarray(spki.length - 32);
  const blob = publicBlob(pub);
  const check = seed.subarray(0, 4);
  let secret = Buffer.concat([check, check, sshString(KEY_TYPE), sshString(pub),
    sshString(Buffer.concat([seed, pub])), sshString(comment)]);
  const pad: number[] = [];
  for (let i = 1; (secret.length + pad.length) % 8 !== 0; i += 1) pad.push(i);
  secret = Buffer.concat([secret, Buffer.from(pad)]);
  const nkeys = Buffer.alloc(4);
  nkeys.writeUInt32BE(1, 0);
  const body = Buffer.concat([Buffer.from('openssh-key-v1\0', 'binary'), sshString('none'), sshString('none'),
    sshString(''), nkeys, sshString(blob), sshString(secret)]);
  const b64 = body.toString('base64').replace(/(.{70})/g, '$1\n').replace(/\n$/, '');
  return {
    privateKey: `-----BEGIN OPENSSH PRIVATE KEY-----\n${b64}\n-----END OPENSSH PRIVATE KEY-----\n`,
    publicKey: `${KEY_TYPE} ${blob.toString('base64')} ${comment}\n`,
  };
}
