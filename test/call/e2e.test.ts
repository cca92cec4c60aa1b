// End to end over real HTTP: `bin/xenctl serve` in one process, `bin/xenctl` commands in others. A dry-run plan
// written to a real file changes nothing, then `call --xml < plan.xml` does it; the same through a pipe between
// two processes; `call` with typed arguments; a bulk start of a dozen VMs with one failure; a bulk dry run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeXmlRpcCall, decodeXmlRpcResponse, splitXmlRpcDocuments } from '../../src/wire/xmlrpc-decode.js';
import { encodeXmlRpcCall } from '../../src/wire/xmlrpc-encode.js';
import { BIN, listeningOn } from '../helpers/bin.js';

const dir = mkdtempSync(join(tmpdir(), 'xenctl-call-e2e-'));
const passwordFile = join(dir, 'password');
let serve: ChildProcess | undefined;
let url = '';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const env = { ...process.env, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_DATA_HOME: join(dir, 'data'), NO_COLOR: '1' };

/** bin/xenctl against the server; stdin and stdout may be real files (fds). */
function xenctl(argv: readonly string[], io: { stdin?: number | string; stdout?: number } = {}): Promise<Run> {
  const child = spawn(process.execPath, [BIN, '--url', url, '--password-file', passwordFile, '-q', ...argv], {
    env,
    stdio: [typeof io.stdin === 'number' ? io.stdin : 'pipe', io.stdout ?? 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  if (child.stdin !== null) child.stdin.end(typeof io.stdin === 'string' ? io.stdin : '');
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** A shell pipeline of two xenctl processes: `xenctl A... | xenctl B...`. */
function pipeline(a: readonly string[], b: readonly string[]): Promise<Run> {
  const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const cmd = (argv: readonly string[]): string => [process.execPath, BIN, '--url', url, '--password-file', passwordFile, '-q', ...argv].map(q).join(' ');
  const child = spawn('sh', ['-c', `${cmd(a)} | ${cmd(b)}`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

async function powerState(vm: string): Promise<string> {
  const r = await xenctl(['vm', 'get', vm, 'power-state']);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim();
}

async function refOf(name: string): Promise<string> {
  const r = await xenctl(['call', 'VM.get_by_name_label', name, '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const refs = JSON.parse(r.stdout) as string[];
  assert.equal(refs.length, 1);
  return refs[0] ?? '';
}

before(async () => {
  writeFileSync(passwordFile, 'e2e-secret\n', { mode: 0o600 });
  const child = spawn(process.execPath, [BIN, 'serve', '--listen', '127.0.0.1:0', '--state', join(dir, 'state'), '--password-file', passwordFile], {
    env, stdio: ['ignore', 'ignore', 'pipe'],
  });
  serve = child;
  [url] = await listeningOn(child) as [string];
  const clone = await xenctl(['call', 'VM.clone', 'mail01', 'web03']);
  assert.equal(clone.code, 0, clone.stderr);
});

after(async () => {
  const child = serve;
  if (child !== undefined && child.exitCode === null) {
    // The server writes its state on the way out: remove the directory once it has gone.
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await gone;
  }
  rmSync(dir, { recursive: true, force: true });
});

test('vm start web03 --dry-run -o xml > plan.xml changes nothing; call --xml < plan.xml does it', { timeout: 60_000 }, async () => {
  const plan = join(dir, 'plan.xml');
  const out = openSync(plan, 'w');
  const dry = await xenctl(['vm', 'start', 'web03', '--dry-run', '-o', 'xml'], { stdout: out });
  closeSync(out);
  assert.equal(dry.code, 0, dry.stderr);
  const call = decodeXmlRpcCall(readFileSync(plan, 'utf8').trim());
  assert.equal(call.method, 'VM.start');
  assert.equal(call.params[0], '');
  assert.equal(await powerState('web03'), 'Halted');
  const input = openSync(plan, 'r');
  const run = await xenctl(['call', '--xml'], { stdin: input });
  closeSync(input);
  assert.equal(run.code, 0, run.stderr);
  // The server's reply, untouched: a Success envelope with the empty value, then a newline.
  assert.match(run.stdout, /^(<\?xml[^>]*\?>)?<methodResponse>.*Success.*<\/methodResponse>\n$/s);
  assert.deepEqual(decodeXmlRpcResponse(run.stdout.trim()), { ok: true, value: '' });
  assert.equal(await powerState('web03'), 'Running');
});

test('a plan through a pipe between two processes: dry run | call --xml', { timeout: 60_000 }, async () => {
  const r = await pipeline(['vm', 'clean-shutdown', 'web03', '--dry-run', '-o', 'xml'], ['call', '--xml']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(splitXmlRpcDocuments(r.stdout).length, 1);
  assert.equal(await powerState('web03'), 'Halted');
});

test('call VM.get_record REF -o json, and call with typed arguments, over HTTP', { timeout: 60_000 }, async () => {
  const ref = await refOf('web03');
  const set = await xenctl(['call', 'VM.set_VCPUs_max', ref, '3']);
  assert.equal(set.code, 0, set.stderr);
  const other = await xenctl(['call', 'VM.add_to_other_config', 'web03', 'role', '"front"']);
  assert.equal(other.code, 0, other.stderr);
  const r = await xenctl(['call', 'VM.get_record', ref, '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const rec = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.equal(rec['name_label'], 'web03');
  assert.equal(rec['VCPUs_max'], 3);
  assert.equal((rec['other_config'] as Record<string, string>)['role'], 'front');
  const wrong = await xenctl(['call', 'VM.get_record']);
  assert.equal(wrong.code, 2);
});

test('bulk over HTTP: a dozen halted VMs, --parallel 4, one failure -> exit 6 with one failed row; the dry run changes nothing', { timeout: 60_000 }, async () => {
  const mail = await refOf('mail01');
  // Eleven clones in one `call --xml` (a file of calls with the empty session), tagged for --where.
  const clones = Array.from({ length: 11 }, (_, i) => encodeXmlRpcCall('VM.clone', ['', mail, `fleet${String(i + 1).padStart(2, '0')}`]));
  const made = await xenctl(['call', '--xml'], { stdin: clones.join('\n') });
  assert.equal(made.code, 0, made.stderr);
  const refs = splitXmlRpcDocuments(made.stdout).map((d) => decodeXmlRpcResponse(d)).map((e) => (e.ok ? String(e.value) : assert.fail(e.error.join(' '))));
  const tags = [mail, ...refs].map((ref) => encodeXmlRpcCall('VM.add_to_other_config', ['', ref, 'fleet', 'yes']));
  const blocked = encodeXmlRpcCall('VM.add_to_blocked_operations', ['', refs[4] ?? '', 'start', 'maintenance']);
  const tagged = await xenctl(['call', '--xml'], { stdin: [...tags, blocked].join('') });
  assert.equal(tagged.code, 0, tagged.stderr);

  const where = ['--where', 'other-config:fleet=yes', '--multiple'];
  const dry = await xenctl(['vm', 'start', ...where, '--dry-run']);
  assert.equal(dry.code, 0, dry.stderr);
  assert.equal(dry.stdout.trim().split('\n').filter((l) => l.startsWith('VM.start OpaqueRef:')).length, 12);
  const halted = await xenctl(['vm', 'list', '--where', 'other-config:fleet=yes', '--where', 'power-state=halted', '-o', 'minimal']);
  assert.equal(halted.stdout.trim().split(',').length, 12);

  const r = await xenctl(['vm', 'start', ...where, '--parallel', '4', '--continue-on-error', '-o', 'ndjson']);
  assert.equal(r.code, 6, r.stderr);
  const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { name_label: string; result: string; error: string });
  assert.equal(rows.length, 12);
  assert.deepEqual(rows.filter((x) => x.result !== 'ok').map((x) => [x.name_label, x.error]), [['fleet05', 'OPERATION_NOT_ALLOWED']]);
  const running = await xenctl(['vm', 'list', '--where', 'other-config:fleet=yes', '--where', 'power-state=running', '-o', 'minimal']);
  assert.equal(running.stdout.trim().split(',').length, 11);
});
