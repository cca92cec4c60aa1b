// Trust on first use in the transport: a person at the terminal accepts (pinned) or declines a self-signed
// certificate; a pinned certificate that changes is refused before any request byte reaches the server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseUrl } from '../../src/config/url.js';
import { loadTlsMaterial } from '../../src/server/tls.js';
import { TransportError } from '../../src/transport/errors.js';
import { openTransport, type Asker } from '../../src/transport/open.js';
import { readPins } from '../../src/transport/tls-pin.js';
import { requireProgram } from '../helpers/system.js';
import { echo, withHttpsServer, withTempDir } from '../transport/fixtures.js';

const skip = requireProgram('openssl', 'openssl');

function asker(answer: boolean): Asker & { asked: string[] } {
  const asked: string[] = [];
  return { asked, confirm: async (q) => (asked.push(q), answer), secret: async () => '' };
}

test('tls pins: accepted at the terminal then pinned; declined refused; changed refused before any request', { skip, timeout: 60_000 }, () =>
  withTempDir(async (dir) => {
    const first = await loadTlsMaterial(join(dir, 'a'), undefined, undefined);
    const second = await loadTlsMaterial(join(dir, 'b'), undefined, undefined);
    assert.notEqual(first.fingerprint256, second.fingerprint256);
    // The generated pair is kept: loading again gives the same certificate.
    assert.equal((await loadTlsMaterial(join(dir, 'a'), undefined, undefined)).fingerprint256, first.fingerprint256);
    const knownTlsFile = join(dir, 'config', 'known_tls');

    await withHttpsServer(first, echo, async (srv) => {
      const url = parseUrl(`https://127.0.0.1:${srv.port}`);
      const no = asker(false);
      const declined = await openTransport(url, { knownTlsFile, ask: no });
      await assert.rejects(declined.rpc('x', 'xmlrpc'), (e: unknown) => e instanceof TransportError && /xenctl trust 127\.0\.0\.1:\d+/.test(e.message));
      await declined.close();
      assert.equal(no.asked.length, 1);
      assert.ok(no.asked[0]?.includes(first.fingerprint256));
      assert.equal((await readPins(knownTlsFile)).size, 0);

      const yes = asker(true);
      const accepted = await openTransport(url, { knownTlsFile, ask: yes });
      assert.equal((await accepted.rpc('hello', 'xmlrpc')).toString(), '/ hello');
      await accepted.close();
      assert.equal((await readPins(knownTlsFile)).get(`127.0.0.1:${srv.port}`), first.fingerprint256);

      const pinned = await openTransport(url, { knownTlsFile });
      assert.equal((await pinned.rpc('again', 'xmlrpc')).toString(), '/ again');
      await pinned.close();
      assert.equal(srv.seen.length, 2);
    });

    // Same address, another certificate: point the pin at a fresh server's port.
    await withHttpsServer(second, echo, async (srv) => {
      const pins = readFileSync(knownTlsFile, 'utf8').replace(/:\d+ /, `:${srv.port} `);
      writeFileSync(knownTlsFile, pins);
      const warnings: string[] = [];
      for (const opts of [{}, { insecure: true, warn: (t: string) => warnings.push(t) }, { ask: asker(true) }]) {
        const t = await openTransport(parseUrl(`https://127.0.0.1:${srv.port}`), { knownTlsFile, ...opts });
        await assert.rejects(t.rpc('secret body', 'xmlrpc'), (e: unknown) =>
          e instanceof TransportError && e.code === 'TLS_CERT_CHANGED' && e.message.includes(first.fingerprint256) && e.message.includes(second.fingerprint256));
        await t.close();
      }
      assert.equal(srv.seen.length, 0, 'no request reached the server');
      assert.match(warnings.join('\n'), /--insecure/);
    });
  }));
