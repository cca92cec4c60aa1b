import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, DEFAULT_XAPI_SOCKET, formatUrl, isDelegated, parseUrl, withHost } from '../../src/config/url.js';

test('http and https take a host and an optional port, with scheme defaults', () => {
  assert.deepEqual(parseUrl('http://pool1'), { kind: 'http', host: 'pool1', port: 80, explicitPort: false });
  assert.deepEqual(parseUrl('https://10.0.0.1:8443'), { kind: 'https', host: '10.0.0.1', port: 8443, explicitPort: true });
  assert.deepEqual(parseUrl('HTTPS://pool1/'), { kind: 'https', host: 'pool1', port: 443, explicitPort: false });
  assert.deepEqual(parseUrl('http://[::1]:8080'), { kind: 'http', host: '::1', port: 8080, explicitPort: true });
});

test('unix, stdio and local keep their path or command', () => {
  assert.deepEqual(parseUrl('unix:/var/lib/xcp/xapi'), { kind: 'unix', path: '/var/lib/xcp/xapi' });
  assert.deepEqual(parseUrl('unix:./sock'), { kind: 'unix', path: './sock' });
  assert.deepEqual(parseUrl('stdio:ssh h xenctl serve --stdio'), { kind: 'stdio', command: 'ssh h xenctl serve --stdio' });
  assert.deepEqual(parseUrl('local:'), { kind: 'local' });
  assert.deepEqual(parseUrl('local:/tmp/state'), { kind: 'local', dir: '/tmp/state' });
});

test('ssh takes an optional user, port and socket path, defaulting to xapi\'s socket', () => {
  assert.deepEqual(parseUrl('ssh://host1'), { kind: 'ssh', host: 'host1', port: 22, explicitPort: false, socketPath: DEFAULT_XAPI_SOCKET });
  assert.deepEqual(parseUrl('ssh://admin@host1:2222/run/xenctl.sock'), {
    kind: 'ssh', user: 'admin', host: 'host1', port: 2222, explicitPort: true, socketPath: '/run/xenctl.sock',
  });
  assert.equal(DEFAULT_XAPI_SOCKET, '/var/lib/xcp/xapi');
});

test('bad URLs are ConfigErrors that say what is wrong', () => {
  const cases: [string, RegExp][] = [
    ['', /empty/],
    ['pool1', /no scheme/],
    ['ftp://x', /unknown scheme "ftp"/],
    ['http:pool1', /start with http:\/\//],
    ['http://', /no host/],
    ['http://pool1:99999', /out of range/],
    ['http://pool1:abc', /not a port/],
    ['https://root:pw@pool1', /credentials in the URL/],
    ['http://pool1/api', /path/],
    ['http://::1', /IPv6 address in brackets/],
    ['unix:', /needs the path/],
    ['stdio:  ', /needs a command/],
    ['ssh://root:pw@h', /password in the URL/],
  ];
  for (const [text, why] of cases) {
    assert.throws(() => parseUrl(text), (err: unknown) => err instanceof ConfigError && err.kind === 'usage' && why.test(err.message), text);
  }
});

test('formatUrl round-trips, withHost keeps scheme and port, delegation by kind', () => {
  for (const text of ['http://pool1', 'https://[::1]:8443', 'unix:/s', 'stdio:cmd a', 'local:', 'local:/d', 'ssh://u@h:2222/s']) {
    assert.equal(formatUrl(parseUrl(text)), text);
  }
  assert.equal(formatUrl(withHost(parseUrl('https://pool2:8443'), '10.1.2.3')), 'https://10.1.2.3:8443');
  assert.equal(formatUrl(withHost(parseUrl('http://pool2'), '10.1.2.3')), 'http://10.1.2.3');
  assert.throws(() => withHost(parseUrl('unix:/s'), 'h'), ConfigError);
  assert.equal(isDelegated(parseUrl('https://h')), false);
  assert.equal(isDelegated(parseUrl('http://h')), false);
  for (const t of ['unix:/s', 'stdio:x', 'local:', 'ssh://h']) assert.equal(isDelegated(parseUrl(t)), true, t);
});

test('a refused URL with a password in it is quoted with the password masked', () => {
  for (const [url, shown] of [
    ['https://root:Hunter2secret@pool1', 'https://root:***@pool1'],
    ['http://root:Hunter2secret@pool1:8080/x', 'http://root:***@pool1:8080/x'],
    ['https://root:Hunter2/secret@pool1', 'https://root:***@pool1'],
    ['ssh://root:Hunter2secret@h/run/xapi', 'ssh://root:***@h/run/xapi'],
    ['https://:Hunter2secret@pool1', 'https://:***@pool1'],
  ] as const) {
    assert.throws(() => parseUrl(url), (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.doesNotMatch(e.message, /Hunter2|secret/, url);
      assert.match(e.message, new RegExp(shown.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')), url);
      return true;
    });
  }
});

test('a password holding "/" is refused as a password, and no piece of it is quoted', () => {
  for (const url of ['https://root:Hun/ter2@pool1', 'http://root:12/ter2@pool1', 'ssh://root:Hun/ter2@h', 'ssh://root:Hun:ter2@h:22/sock']) {
    assert.throws(() => parseUrl(url), (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /(credentials|a password) in the URL/, url);
      assert.doesNotMatch(e.message, /Hun|ter2/, url);
      return true;
    });
  }
  assert.equal(parseUrl('ssh://root@h:2222/run/x@y').kind, 'ssh', 'an "@" in the socket path is not a password');
});
