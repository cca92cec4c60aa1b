// HOST_IS_SLAVE: the master's address with or without a port, a supporter on the master's host but another port,
// and redirects that loop or go on too long (a clear TransportError, not an endless or silent retry).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { getModel, type XenStruct } from '../../src/model/index.js';
import { XenClient } from '../../src/client/client.js';
import { redirectTo } from '../../src/client/open.js';
import { masterUrl, parseMasterAddress } from '../../src/client/redirect.js';
import { parseUrl } from '../../src/config/url.js';
import { TransportError } from '../../src/transport/errors.js';
import { httpTransport } from '../../src/transport/http.js';
import { PASSWORD, startXapi, type RunningXapi } from './real-server.js';

function client(s: RunningXapi, notes: string[] = []): XenClient {
  return new XenClient({
    transport: httpTransport('http', '127.0.0.1', s.port),
    model: getModel(),
    password: async () => PASSWORD,
    redirect: redirectTo(parseUrl(s.url), {})!,
    debug: (text) => notes.push(text),
  });
}

/** Ports free right now (servers that must name each other need theirs before they start). */
async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: n }, () => new Promise<ReturnType<typeof createServer>>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => resolve(s));
  })));
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  return ports;
}

const vm: XenStruct = { name_label: 'via-redirect', actions_after_shutdown: 'destroy', actions_after_reboot: 'restart', actions_after_crash: 'restart' };

test('the master address: bare host keeps the port; HOST:PORT and [V6]:PORT name one; bad ones are refused', () => {
  assert.deepEqual(parseMasterAddress('10.0.0.1'), { host: '10.0.0.1' });
  assert.deepEqual(parseMasterAddress('master.example'), { host: 'master.example' });
  assert.deepEqual(parseMasterAddress('10.0.0.1:8080'), { host: '10.0.0.1', port: 8080 });
  assert.deepEqual(parseMasterAddress('fd00::1'), { host: 'fd00::1' });
  assert.deepEqual(parseMasterAddress('[fd00::1]'), { host: 'fd00::1' });
  assert.deepEqual(parseMasterAddress('[fd00::1]:8443'), { host: 'fd00::1', port: 8443 });
  for (const bad of ['10.0.0.1:http', '10.0.0.1:70000', '[fd00::1', '[fd00::1]x', 'a b', 'user@host']) {
    assert.throws(() => parseMasterAddress(bad), /unusable master address/, bad);
  }
  const https = parseUrl('https://10.0.0.9:8443');
  assert.deepEqual(masterUrl(https, '10.0.0.1'), { kind: 'https', host: '10.0.0.1', port: 8443, explicitPort: true });
  assert.deepEqual(masterUrl(https, '10.0.0.1:9443'), { kind: 'https', host: '10.0.0.1', port: 9443, explicitPort: true });
  assert.deepEqual(masterUrl(parseUrl('http://h'), '[fd00::1]:8080'), { kind: 'http', host: 'fd00::1', port: 8080, explicitPort: true });
});

test('a supporter on the master\'s host, another port: the client reaches the master at the named port', async () => {
  const master = await startXapi({ host: '127.0.0.1' });
  const supporter = await startXapi({ host: '127.0.0.1', supporterOf: `127.0.0.1:${master.port}` });
  const notes: string[] = [];
  const c = client(supporter, notes);
  try {
    const ref = await c.call('VM.create', [vm]);
    assert.ok(master.xapi.context.store.has('VM', ref as string));
    assert.ok(!supporter.xapi.context.store.has('VM', ref as string));
    assert.equal(c.transport.target, `http://127.0.0.1:${master.port}`);
    assert.ok(notes.some((n) => n.includes(`HOST_IS_SLAVE: following to the master at 127.0.0.1:${master.port}`)), notes.join('\n'));
  } finally {
    await c.close();
    await supporter.close();
    await master.close();
  }
});

test('two supporters naming each other: REDIRECT_LOOP naming the hosts, after one hop', async () => {
  const [a, b] = await freePorts(2) as [number, number];
  const sa = await startXapi({ host: '127.0.0.1', port: a, supporterOf: `127.0.0.1:${b}` });
  const sb = await startXapi({ host: '127.0.0.1', port: b, supporterOf: `127.0.0.1:${a}` });
  const c = client(sa);
  try {
    await assert.rejects(c.login(), (e: unknown) => e instanceof TransportError && e.code === 'REDIRECT_LOOP' &&
      e.message.includes(`http://127.0.0.1:${a} -> http://127.0.0.1:${b} -> http://127.0.0.1:${a}`));
    assert.equal(sa.paths.length + sb.paths.length, 2, 'one login on each, no retrying');
  } finally {
    await c.close();
    await sb.close();
    await sa.close();
  }
});

test('a chain of supporters longer than the hop limit: REDIRECT_LIMIT', async () => {
  const ports = await freePorts(5);
  const servers: RunningXapi[] = [];
  try {
    for (let i = 0; i < ports.length; i++) {
      const next = ports[i + 1];
      servers.push(await startXapi({ host: '127.0.0.1', port: ports[i]!, ...(next === undefined ? {} : { supporterOf: `127.0.0.1:${next}` }) }));
    }
    const c = client(servers[0]!);
    await assert.rejects(c.login(), (e: unknown) => e instanceof TransportError && e.code === 'REDIRECT_LIMIT' && /3 redirects/.test(e.message));
    await c.close();
    assert.equal(servers[4]!.paths.length, 0, 'the master past the limit was never asked');
  } finally {
    for (const s of servers) await s.close();
  }
});
