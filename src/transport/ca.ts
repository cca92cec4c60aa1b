// Trust for https: the system's CA store (Node 20 only knows its own bundled roots), or the user's --ca file.
import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
import { ConfigError } from '../config/errors.js';

/** Where common distributions keep the system bundle (Debian/Ubuntu, Fedora/RHEL, Alpine/macOS, openSUSE). */
const SYSTEM_BUNDLES: readonly string[] = Object.freeze([
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/cert.pem',
  '/etc/ssl/ca-bundle.pem',
]);

/** Node's bundled roots plus the first system bundle found (an administrator's own CAs live there). */
export async function systemTrust(): Promise<readonly (string | Buffer)[] | undefined> {
  for (const path of SYSTEM_BUNDLES) {
    try {
      const pem = await readFile(path);
      return [...rootCertificates, pem];
    } catch {
      // try the next location
    }
  }
  return undefined;
}

/** The `--ca FILE` certificates: a file that cannot be read or holds no PEM certificate is a usage error. */
export async function readCaFile(path: string): Promise<Buffer> {
  let pem: Buffer;
  try {
    pem = await readFile(path);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    throw new ConfigError(`cannot read CA file ${path}: ${code === 'ENOENT' ? 'no such file' : err instanceof Error ? err.message : String(err)}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError(`CA file ${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  return pem;
}
