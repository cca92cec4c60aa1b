// `bin/xenctl serve` as a real process: a new state seeded with the demo pool, Python's xmlrpc.client as the
// client, SIGTERM for a graceful stop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireProgram } from '../helpers/system.js';
import { BIN, listeningOn } from '../helpers/bin.js';

const PYTHON = String.raw`
import json, sys, xmlrpc.client
url, password = sys.argv[1], sys.argv[2]
proxy = xmlrpc.client.ServerProxy(url)
def unwrap(r):
    if r['Status'] != 'Success':
        raise Exception(r['ErrorDescription'])
    return r['Value']
s = unwrap(proxy.session.login_with_password('root', password))
vms = unwrap(proxy.VM.get_all_records_where(s, 'field "is_a_template"="false" and field "is_control_domain"="false"'))
web = [ref for ref, r in vms.items() if r['name_label'] == 'web01'][0]
unwrap(proxy.VM.set_name_description(s, web, 'edited by python'))
bogus = proxy.VM.get_record(s, 'OpaqueRef:bogus')
print(json.dumps({'names': sorted(r['name_label'] for r in vms.values()),
                  'description': unwrap(proxy.VM.get_name_description(s, web)),
                  'bogus': bogus['ErrorDescription']}))
`;

function python(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('python3', ['-c', PYTHON, ...args], (error, stdout, stderr) => {
      if (error !== null) reject(new Error(`python3 failed: ${stderr}`));
      else resolve(stdout);
    });
  });
}

test('bin/xenctl serve: demo pool over real HTTP, Python client, graceful SIGTERM', { skip: requireProgram('python3', 'python3'), timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'xenctl-serve-proc-'));
  const state = join(dir, 'state');
  const child = spawn(process.execPath, [BIN, 'serve', '--listen', '127.0.0.1:0', '--state', state], {
    stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, HOME: dir, XDG_DATA_HOME: join(dir, 'data') },
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  try {
    const [url] = await listeningOn(child) as [string];
    const password = readFileSync(join(state, 'root-password'), 'utf8').trim();
    let text: string;
    try {
      text = await python([`${url}/`, password]);
    } catch (e) {
      throw new Error(`${e instanceof Error ? e.message : String(e)}\nserver stderr:\n${stderr}`);
    }
    const out = JSON.parse(text) as { names: string[]; description: string; bogus: string[] };
    assert.ok(out.names.includes('web01') && out.names.includes('db01') && out.names.includes('test06'), out.names.join(','));
    assert.equal(out.description, 'edited by python');
    assert.deepEqual(out.bogus, ['HANDLE_INVALID', 'VM', 'OpaqueRef:bogus']);
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
