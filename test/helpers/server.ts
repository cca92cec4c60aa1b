// An in-process reference server on a real loopback port, with a small fixture pool, for server and client tests.
import { request } from 'node:http';
import type { Model, XenStruct, XenValue } from '../../src/model/types.js';
import { getModel } from '../../src/model/index.js';
import { openMemoryStore } from '../../src/server/store/memory.js';
import { makeRecord, newRef } from '../../src/server/store/records.js';
import type { ObjectStore } from '../../src/server/store/types.js';
import { createXapi } from '../../src/server/xapi.js';
import type { Xapi } from '../../src/server/xapi.js';
import type { Channel, ServerSettings } from '../../src/server/context.js';
import { listenHttp } from '../../src/server/http.js';
import { decodeXmlRpcResponse } from '../../src/wire/xmlrpc-decode.js';
import { encodeXmlRpcCall } from '../../src/wire/xmlrpc-encode.js';
import type { Envelope } from '../../src/wire/envelope.js';

export const TEST_PASSWORD = 'test-password';

/** Refs of the fixture's objects. */
export interface Fixture {
  readonly pool: string;
  readonly host: string;
  readonly web: string;
  readonly db: string;
  readonly template: string;
  readonly network: string;
  readonly sr: string;
  readonly vdi: string;
  readonly vbd: string;
  readonly vif: string;
}

/** A one-host pool: VMs web01 (Running, with a disk and a NIC) and db01 (Halted), a template, a network, an SR. */
export function seedFixture(store: ObjectStore, model: Model): Fixture {
  const f: Fixture = {
    pool: newRef(), host: newRef(), web: newRef(), db: newRef(), template: newRef(), network: newRef(),
    sr: newRef(), vdi: newRef(), vbd: newRef(), vif: newRef(),
  };
  const put = (cls: string, ref: string, values: Record<string, XenValue>): void => {
    store.create(cls, ref, makeRecord(model, cls, values));
  };
  put('pool', f.pool, { name_label: 'test', master: f.host });
  put('host', f.host, { name_label: 'host1', address: '127.0.0.1', resident_VMs: [f.web], PBDs: [] });
  put('VM', f.web, {
    name_label: 'web01', power_state: 'Running', resident_on: f.host, VBDs: [f.vbd], VIFs: [f.vif],
    memory_static_max: 2147483648n, other_config: { owner: 'ops' }, tags: ['prod'],
  });
  put('VM', f.db, { name_label: 'db01', power_state: 'Halted' });
  put('VM', f.template, { name_label: 'Debian 12', is_a_template: true });
  put('network', f.network, { name_label: 'net0', VIFs: [f.vif] });
  put('SR', f.sr, { name_label: 'sr0', VDIs: [f.vdi] });
  put('VDI', f.vdi, { name_label: 'disk0', SR: f.sr, VBDs: [f.vbd], virtual_size: 10737418240n });
  put('VBD', f.vbd, { VM: f.web, VDI: f.vdi, device: 'xvda' });
  put('VIF', f.vif, { VM: f.web, network: f.network, device: '0', MAC: '02:00:00:00:00:01' });
  return f;
}

export interface TestServer {
  readonly model: Model;
  readonly store: ObjectStore;
  readonly xapi: Xapi;
  readonly fixture: Fixture;
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  /** A root session made over http. */
  readonly session: string;
  call(method: string, ...params: XenValue[]): Promise<Envelope>;
  close(): Promise<void>;
}

export const HTTP: Channel = { kind: 'http' };

export async function startTestServer(opts: { settings?: Partial<ServerSettings>; extensions?: boolean } = {}): Promise<TestServer> {
  const model = getModel({ extensions: opts.extensions ?? true });
  const store = openMemoryStore();
  const fixture = seedFixture(store, model);
  const xapi = createXapi({ model, store, settings: { authFailureDelayMs: 0, ...opts.settings } });
  await xapi.context.accounts.setPassword('root', TEST_PASSWORD);
  const http = await listenHttp(xapi, '127.0.0.1', 0);
  const call = (method: string, ...params: XenValue[]): Promise<Envelope> => xapi.handleCall(method, params, HTTP);
  let session = '';
  if (opts.settings?.supporterOf === undefined) {
    const login = await call('session.login_with_password', 'root', TEST_PASSWORD);
    if (!login.ok || typeof login.value !== 'string') throw new Error(`login failed: ${JSON.stringify(login)}`);
    session = login.value;
  }
  return {
    model, store, xapi, fixture, url: http.url, port: http.port, session, call,
    async close() {
      xapi.close();
      await http.close(0);
      await xapi.drain();
      await store.close();
    },
  };
}

export interface RawReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/** One HTTP request on its own connection (no agent). */
export function rawRequest(url: string, method: string, path: string, body = '', headers: Record<string, string> = {}): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, agent: false, headers: { 'Content-Length': Buffer.byteLength(body), ...headers } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** An XML-RPC call over real HTTP, decoded. */
export async function xmlCall(url: string, method: string, ...params: XenValue[]): Promise<Envelope> {
  const reply = await rawRequest(url, 'POST', '/', encodeXmlRpcCall(method, params), { 'Content-Type': 'text/xml' });
  if (reply.status !== 200) throw new Error(`HTTP ${reply.status}: ${reply.body}`);
  return decodeXmlRpcResponse(reply.body);
}

/** The value of a successful envelope, or a thrown error naming the failure. */
export function valueOf(env: Envelope): XenValue {
  if (!env.ok) throw new Error(`call failed: ${env.error.join(' ')}`);
  return env.value;
}

export function structOf(v: XenValue): XenStruct {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Date) throw new Error('not a struct');
  return v as XenStruct;
}
