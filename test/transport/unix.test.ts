import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parseUrl } from '../../src/config/url.js';
import { TransportError } from '../../src/transport/errors.js';
import { openTransport } from '../../src/transport/open.js';
import { echo, withTempDir, withUnixServer } from './fixtures.js';

test('HTTP over a unix socket: delegated, kept alive, both protocols', () =>
  withTempDir(async (dir) => {
    const socketPath = join(dir, 'xapi.sock');
    await withUnixServer(socketPath, echo, async (srv) => {
      const t = await openTransport(parseUrl(`unix:${socketPath}`));
      try {
        assert.equal(t.kind, 'unix');
        assert.equal(t.delegated, true);
        assert.equal((await t.rpc('<a/>', 'xmlrpc')).toString(), '/ <a/>');
        assert.equal((await t.rpc('{}', 'jsonrpc')).toString(), '/jsonrpc {}');
        assert.equal(srv.connections(), 1);
      } finally {
        await t.close();
      }
    });
  }));

test('a missing socket is a TransportError saying so', () =>
  withTempDir(async (dir) => {
    const t = await openTransport(parseUrl(`unix:${join(dir, 'nothing.sock')}`));
    await assert.rejects(t.rpc('x', 'xmlrpc'), (e: unknown) => e instanceof TransportError && e.code === 'ENOENT' && /no such socket file/.test(e.message));
    await t.close();
  }));
