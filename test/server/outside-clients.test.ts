// Clients nobody here wrote, over real HTTP: Xen Orchestra's `xen-api` package and Python's xmlrpc.client.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireProgram } from '../helpers/system.js';
import { startTestServer, valueOf, TEST_PASSWORD } from '../helpers/server.js';
import type { TestServer } from '../helpers/server.js';

function run(cmd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, (error, stdout, stderr) => {
      if (error !== null) reject(new Error(`${cmd} failed: ${stderr}`));
      else resolve(stdout);
    });
  });
}

// The package ships no type declarations: import it by a name the compiler does not resolve.
const XEN_API: string = 'xen-api';

interface XoObject {
  readonly $type: string;
  readonly $ref: string;
  readonly [field: string]: unknown;
}

interface XoClient {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  call(method: string, ...args: unknown[]): Promise<unknown>;
  readonly objectsFetched: Promise<void>;
  readonly objects: {
    readonly all: Readonly<Record<string, XoObject>>;
    on(event: 'update', listener: (objects: Readonly<Record<string, XoObject>>) => void): void;
  };
}

// What XenAPI.py does on top of xmlrpc.client: unwrap the envelope, raise Failure(ErrorDescription).
const PYTHON_CLIENT = String.raw`
import json, sys, xmlrpc.client

class Failure(Exception):
    def __init__(self, details):
        self.details = details

def unwrap(r):
    if r['Status'] == 'Success':
        return r['Value']
    raise Failure(r['ErrorDescription'])

url, password = sys.argv[1], sys.argv[2]
proxy = xmlrpc.client.ServerProxy(url)
out = {}
session = unwrap(proxy.session.login_with_password('root', password, '1.0', 'python-test'))
records = unwrap(proxy.VM.get_all_records(session))
vms = {r['name_label']: ref for ref, r in records.items() if not r['is_a_template']}
out['vms'] = sorted(vms)
unwrap(proxy.VM.set_name_description(session, vms['db01'], 'set from python'))
out['description'] = unwrap(proxy.VM.get_name_description(session, vms['db01']))
out['memory'] = unwrap(proxy.VM.get_memory_static_max(session, vms['web01']))
out['running'] = unwrap(proxy.VM.get_all_where(session, 'field "power_state"="Running"')) == [vms['web01']]
try:
    unwrap(proxy.VM.get_record(session, 'OpaqueRef:bogus'))
except Failure as f:
    out['bogus'] = f.details
try:
    unwrap(proxy.session.login_with_password('root', 'wrong'))
except Failure as f:
    out['badlogin'] = f.details[:2]
unwrap(proxy.session.logout(session))
try:
    unwrap(proxy.VM.get_all(session))
except Failure as f:
    out['afterlogout'] = f.details
print(json.dumps(out))
`;

describe('outside clients', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(() => s.close());

  for (const transport of ['json-rpc', 'xml-rpc'] as const) {
    test(`xen-api (Xen Orchestra) over ${transport}: connect, list, change, read back`, async () => {
      const { createClient } = (await import(XEN_API)) as { createClient: (opts: object) => XoClient };
      const xo = createClient({
        url: s.url, auth: { user: 'root', password: TEST_PASSWORD }, transport, watchEvents: false,
      });
      await xo.connect();
      try {
        const records = (await xo.call('VM.get_all_records')) as Record<string, { name_label: string; memory_static_max: unknown }>;
        const names = Object.values(records).map((r) => r.name_label).sort();
        assert.deepEqual(names, ['Debian 12', 'db01', 'web01']);
        await xo.call('VM.set_name_description', s.fixture.web, `via ${transport}`);
        assert.equal(await xo.call('VM.get_name_description', s.fixture.web), `via ${transport}`);
        await assert.rejects(xo.call('VM.get_record', 'OpaqueRef:bogus'), (e: { code?: string; params?: string[] }) => {
          assert.equal(e.code, 'HANDLE_INVALID');
          assert.deepEqual(e.params, ['VM', 'OpaqueRef:bogus']);
          return true;
        });
      } finally {
        await xo.disconnect();
      }
    });
  }

  for (const transport of ['json-rpc', 'xml-rpc'] as const) {
    test(`xen-api over ${transport} with events: its object cache fills and follows a change`, async () => {
      const { createClient } = (await import(XEN_API)) as { createClient: (opts: object) => XoClient };
      const xo = createClient({ url: s.url, auth: { user: 'root', password: TEST_PASSWORD }, transport });
      await xo.connect();
      try {
        await xo.objectsFetched;
        const vms = Object.values(xo.objects.all).filter((o) => o.$type === 'VM');
        assert.equal(vms.length, 3);
        const seen = new Promise<boolean>((resolve) => {
          xo.objects.on('update', (objects) => {
            if (Object.values(objects).some((o) => o.$ref === s.fixture.db && o['name_description'] === `evt ${transport}`)) resolve(true);
          });
          setTimeout(() => resolve(false), 10_000).unref();
        });
        await xo.call('VM.set_name_description', s.fixture.db, `evt ${transport}`);
        assert.equal(await seen, true, 'the change reached the client through event.from');
      } finally {
        await xo.disconnect();
      }
    });
  }

  test('Python xmlrpc.client (as XenAPI.py uses it)', { skip: requireProgram('python3', 'python3') }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xenctl-py-'));
    try {
      const script = join(dir, 'client.py');
      writeFileSync(script, PYTHON_CLIENT);
      // Asynchronously: the server answering the script runs in this process's event loop.
      const stdout = await run('python3', [script, `${s.url}/`, TEST_PASSWORD]);
      const out = JSON.parse(stdout) as Record<string, unknown>;
      assert.deepEqual(out['vms'], ['db01', 'web01']);
      assert.equal(out['description'], 'set from python');
      assert.equal(out['memory'], '2147483648', 'ints travel as untyped <value> strings');
      assert.equal(out['running'], true);
      assert.deepEqual(out['bogus'], ['HANDLE_INVALID', 'VM', 'OpaqueRef:bogus']);
      assert.deepEqual(out['badlogin'], ['SESSION_AUTHENTICATION_FAILED', 'root']);
      assert.equal((out['afterlogout'] as string[])[0], 'SESSION_INVALID');
      assert.equal(valueOf(await s.call('VM.get_name_description', s.session, s.fixture.db)), 'set from python');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
