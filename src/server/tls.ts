// HTTPS for `xenctl serve`: the operator's certificate (--tls-cert/--tls-key), or one generated with the openssl
// command on first use and kept in the state directory (so clients that pinned it keep trusting it).
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { chmod, mkdir, readFile, rename, stat } from 'node:fs/promises';
import { createServer } from 'node:https';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { closeGracefully, listenTcp, xapiRequestListener } from './http.js';
import type { HttpOptions } from './http.js';
import type { Xapi } from './xapi.js';

export const TLS_DIR = 'tls';
export const CERT_FILE = 'cert.pem';
export const KEY_FILE = 'key.pem';
const VALID_DAYS = '3650';

export class TlsSetupError extends Error {
  override readonly name = 'TlsSetupError';
}

export interface TlsMaterial {
  readonly cert: Buffer;
  readonly key: Buffer;
  /** `AB:CD:...`, as clients show and pin it. */
  readonly fingerprint256: string;
  /** Where the certificate came from (for the start-up line). */
  readonly certFile: string;
}

function runOpenssl(args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    let err = '';
    const child = spawn('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', (e: NodeJS.ErrnoException) => reject(e.code === 'ENOENT'
      ? new TlsSetupError('--tls needs the openssl command to generate a certificate (install the openssl package), or give --tls-cert FILE --tls-key FILE')
      : e));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new TlsSetupError(`openssl failed to make a certificate: ${err.trim()}`))));
  });
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** A self-signed EC certificate for this host's name, localhost and the loopback addresses. */
async function generate(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const name = hostname().replace(/[^A-Za-z0-9.-]/g, '') || 'localhost';
  const sans = [...new Set([`DNS:${name}`, 'DNS:localhost', 'IP:127.0.0.1', 'IP:::1'])].join(',');
  const keyTmp = join(dir, `${KEY_FILE}.tmp`);
  const certTmp = join(dir, `${CERT_FILE}.tmp`);
  await runOpenssl([
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', VALID_DAYS,
    '-subj', `/CN=${name}`, '-addext', `subjectAltName=${sans}`, '-keyout', keyTmp, '-out', certTmp,
  ]);
  // openssl makes the certificate with the umask's mode (0666 under umask 000).
  await chmod(keyTmp, 0o600);
  await chmod(certTmp, 0o644);
  await rename(keyTmp, join(dir, KEY_FILE));
  await rename(certTmp, join(dir, CERT_FILE));
}

async function readPem(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    throw new TlsSetupError(`cannot read the TLS ${what} ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The certificate and key to serve: given files, or the state's generated pair (made now if missing). */
export async function loadTlsMaterial(state: string, certFile: string | undefined, keyFile: string | undefined): Promise<TlsMaterial> {
  let cert: string;
  let key: string;
  if (certFile !== undefined || keyFile !== undefined) {
    if (certFile === undefined || keyFile === undefined) throw new TlsSetupError('--tls-cert and --tls-key go together');
    cert = certFile;
    key = keyFile;
  } else {
    const dir = join(state, TLS_DIR);
    cert = join(dir, CERT_FILE);
    key = join(dir, KEY_FILE);
    if (!(await exists(cert)) || !(await exists(key))) await generate(dir);
  }
  const certPem = await readPem(cert, 'certificate');
  const keyPem = await readPem(key, 'key');
  let fingerprint256: string;
  try {
    fingerprint256 = new X509Certificate(certPem).fingerprint256;
  } catch (e) {
    throw new TlsSetupError(`${cert} is not a PEM certificate: ${e instanceof Error ? e.message : String(e)}`);
  }
  return { cert: certPem, key: keyPem, fingerprint256, certFile: cert };
}

export interface HttpsFrontEnd {
  readonly url: string;
  readonly port: number;
  close(graceMs?: number): Promise<void>;
}

export async function listenHttps(xapi: Xapi, host: string, port: number, tls: TlsMaterial, opts: HttpOptions = {}): Promise<HttpsFrontEnd> {
  const server = createServer({ cert: tls.cert, key: tls.key, keepAlive: true }, xapiRequestListener(xapi, opts));
  server.keepAliveTimeout = opts.keepAliveMs ?? 60_000;
  const bound = await listenTcp(server, 'https', host, port);
  return { ...bound, close: (graceMs = 2000) => closeGracefully(server, graceMs) };
}
