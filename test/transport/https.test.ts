import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../../src/config/errors.js';
import { parseUrl } from '../../src/config/url.js';
import { TransportError } from '../../src/transport/errors.js';
import { openTransport } from '../../src/transport/open.js';
import { fetchPeerCertificate } from '../../src/transport/tls-pin.js';
import { requireProgram } from '../helpers/system.js';
import { echo, withHttpServer, withHttpsServer, withTempDir } from './fixtures.js';

const skip = requireProgram('openssl', 'openssl');

/** A self-signed certificate for 127.0.0.1, made with the openssl command. */
async function selfSigned(dir: string): Promise<{ key: Buffer; cert: Buffer; certFile: string }> {
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  const r = spawnSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-keyout', keyFile, '-out', certFile,
  ], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return { key: await readFile(keyFile), cert: await readFile(certFile), certFile };
}

test('https: a self-signed certificate is refused by default, accepted with --ca, or with --insecure', { skip }, () =>
  withTempDir(async (dir) => {
    const tls = await selfSigned(dir);
    await withHttpsServer(tls, echo, async (srv) => {
      const url = parseUrl(`https://127.0.0.1:${srv.port}`);
      const strict = await openTransport(url);
      assert.equal(strict.kind, 'https');
      await assert.rejects(strict.rpc('x', 'xmlrpc'), (e: unknown) =>
        e instanceof TransportError && e.code === 'DEPTH_ZERO_SELF_SIGNED_CERT' && /--ca FILE/.test(e.message));
      await strict.close();

      const trusted = await openTransport(url, { ca: tls.certFile });
      assert.equal((await trusted.rpc('hello', 'xmlrpc')).toString(), '/ hello');
      assert.equal((await trusted.rpc('again', 'jsonrpc')).toString(), '/jsonrpc again');
      await trusted.close();

      const insecure = await openTransport(url, { insecure: true });
      assert.equal((await insecure.rpc('x', 'xmlrpc')).toString(), '/ x');
      await insecure.close();
      // strict's handshake failed; trusted made one connection for both calls; insecure one more.
      assert.equal(srv.connections(), 2);

      await assert.rejects(openTransport(url, { ca: join(dir, 'missing.pem') }), /cannot read CA file .*no such file/);
      // A file that is not PEM (a key, a password file) is named, not taken for an empty trust store.
      await assert.rejects(openTransport(url, { ca: join(dir, 'key.pem') }), (e: unknown) =>
        e instanceof ConfigError && e.kind === 'usage' && /CA file .*key\.pem holds no PEM certificate/.test(e.message));
    });
  }));

test('https to a port that does not speak TLS (plain HTTP) says so, for calls and for xenctl trust', () =>
  withHttpServer(echo, async (srv) => {
    const t = await openTransport(parseUrl(`https://127.0.0.1:${srv.port}`));
    await assert.rejects(t.rpc('x', 'xmlrpc'), (e: unknown) =>
      e instanceof TransportError && e.code === 'ERR_SSL_WRONG_VERSION_NUMBER' && /does not speak TLS on that port/.test(e.message) && !/ssl3_get_record/.test(e.message));
    await t.close();
    await assert.rejects(fetchPeerCertificate('127.0.0.1', srv.port, undefined), (e: unknown) =>
      e instanceof TransportError && /does not speak TLS on that port/.test(e.message));
  }));
