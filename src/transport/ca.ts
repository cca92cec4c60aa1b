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

/**
 * Node's bundled roots plus the system bundle (an administrator's own CAs live there): `SSL_CERT_FILE` when set,
 * as OpenSSL reads it, else the first of the usual locations found.
 */
export async function systemTrust(env: Readonly<Record<string, string | undefined>> = {}): Promise<readonly (string | Buffer)[] | undefined> {
  const named = env['SSL_CERT_FILE'];
  if (named !== undefined && named !== '') return [...rootCertificates, await readCaFile(named, 'SSL_CERT_FILE')];
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
export async function readCaFile(path: string, what = 'CA file'): Promise<Buffer> {
  let pem: Buffer;
  try {
    pem = await readFile(path);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    throw new ConfigError(`cannot read ${what} ${path}: ${code === 'ENOENT' ? 'no such file' : err instanceof Error ? err.message : String(err)}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError(`${what} ${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  return pem;
}
