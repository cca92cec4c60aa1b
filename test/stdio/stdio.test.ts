// Bare XML-RPC on stdin/stdout: `serve --stdio` with files and pipes, `--url stdio:COMMAND`, the reply framer and
// pipelined calls over one child process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NotXmlRpcError, ReplyFramer } from '../../src/transport/reply-framer.js';
import { stdioTransport } from '../../src/transport/stdio.js';
import { TransportError } from '../../src/transport/errors.js';
import { decodeXmlRpcResponse } from '../../src/wire/xmlrpc-decode.js';
import { encodeXmlRpcCall } from '../../src/wire/xmlrpc-encode.js';

const BIN = fileURLToPath(new URL('../../../bin/xenctl', import.meta.url));
const NODE = process.execPath;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'xenctl-stdio-'));
}

function xenctl(args: readonly string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(NODE, [BIN, ...args], { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...env }, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : 99, stdout, stderr });
    });
  });
}

test('serve --stdio: a file of calls in, one reply a line out, in order; empty session = delegated', { timeout: 60_000 }, () => {
  const dir = tempDir();
  try {
    const calls = join(dir, 'calls.xml');
    writeFileSync(calls, [
      '<?xml version="1.0"?>\n',
      encodeXmlRpcCall('VM.get_all_records_where', ['', 'field "name__label"="web01"']),
      '\n\n  ',
      encodeXmlRpcCall('pool.get_all', ['']),
      encodeXmlRpcCall('VM.get_by_name_label', ['', 'db01']),
      '<?xml version="1.0"?><methodCall><methodName>VM.get_by_uuid</methodName><params><param><value>OpaqueRef:NULL</value></param>',
      '<param><value>nope</value></param></params></methodCall>\n',
      '<methodCall><methodName>broken',
    ].join(''));
    const out = join(dir, 'replies.xml');
    const inFd = openSync(calls, 'r');
    const outFd = openSync(out, 'w');
    const r = spawnSync(NODE, [BIN, 'serve', '--stdio', '--state', join(dir, 'state')], { stdio: [inFd, outFd, 'pipe'], env: { ...process.env, HOME: dir }, encoding: 'utf8' });
    closeSync(inFd);
    closeSync(outFd);
    assert.equal(r.status, 0, r.stderr);
    const lines = readFileSync(out, 'utf8').split('\n');
    assert.equal(lines.pop(), '', 'each reply ends with a newline');
    assert.equal(lines.length, 5);
    const [records, user, db, bad, broken] = lines.map((l) => decodeXmlRpcResponse(l));
    assert.ok(records?.ok && typeof records.value === 'object' && Object.keys(records.value as object).length === 1);
    assert.ok(user?.ok);
    assert.ok(db?.ok && Array.isArray(db.value) && db.value.length === 1);
    assert.ok(bad !== undefined && !bad.ok && bad.error[0] === 'SESSION_INVALID', JSON.stringify(bad));
    assert.ok(broken !== undefined && !broken.ok, 'the truncated document still gets its reply');
    assert.doesNotMatch(r.stderr, /listening|shutting down/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--url stdio:COMMAND runs the command and talks bare XML to it; state persists between commands', { timeout: 60_000 }, async () => {
  const dir = tempDir();
  try {
    const env = { HOME: dir, XDG_CONFIG_HOME: join(dir, 'c'), XDG_DATA_HOME: join(dir, 'd') };
    const url = `stdio:${NODE} ${BIN} serve --stdio --state ${join(dir, 'state')}`;
    const set = await xenctl(['--url', url, 'vm', 'set', 'web01', 'name-description=via stdio'], env);
    assert.equal(set.code, 0, set.stderr);
    const get = await xenctl(['--url', url, 'vm', 'get', 'web01', 'name-description'], env);
    assert.equal(get.code, 0, get.stderr);
    assert.equal(get.stdout.trim(), 'via stdio');
    const dead = await xenctl(['--url', 'stdio:echo oops >&2; exit 9', 'vm', 'list'], env);
    assert.equal(dead.code, 3);
    assert.match(dead.stderr, /oops/);
    assert.match(dead.stderr, /exit status 9/);
    assert.doesNotMatch(dead.stderr, /in the middle of a reply/);
    // A command that answers one call (the login) and exits: the next call is not reported as cut mid-reply.
    const once = join(dir, 'once.sh');
    writeFileSync(once, `printf '<methodResponse><params><param><value>OpaqueRef:x</value></param></params></methodResponse>\\n'; exit 5\n`);
    const short = await xenctl(['--url', `stdio:sh ${once}`, 'pool', 'list'], env);
    assert.equal(short.code, 3, short.stderr);
    assert.match(short.stderr, /closed the connection \(exit status 5\)/);
    // A command that is not a XenAPI server (here one echoing our calls back) is named at once, not waited on.
    const echoing = await xenctl(['--url', 'stdio:cat', 'pool', 'list'], env);
    assert.equal(echoing.code, 3, echoing.stderr);
    assert.match(echoing.stderr, /stdio:cat does not answer in bare XML-RPC \(it sent "<\?xml version="1\.0"\?><methodCall>/);
    assert.equal(echoing.stderr.trim().split('\n').length, 1, echoing.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('stdio transport: pipelined calls over one child get their own replies', { timeout: 60_000 }, async () => {
  const dir = tempDir();
  const t = await stdioTransport(`${NODE} ${BIN} serve --stdio --state ${join(dir, 'state')}`, { env: { ...process.env, HOME: dir } });
  try {
    const names = ['web01', 'web02', 'db01', 'mail01', 'dev01', 'build01'];
    const replies = await Promise.all(names.map((n) => t.rpc(encodeXmlRpcCall('VM.get_by_name_label', ['', n]), 'xmlrpc')));
    const refs = replies.map((b) => {
      const env = decodeXmlRpcResponse(b);
      assert.ok(env.ok && Array.isArray(env.value) && env.value.length === 1);
      return (env.value as string[])[0];
    });
    const back = await Promise.all(refs.map((ref) => t.rpc(encodeXmlRpcCall('VM.get_name_label', ['', ref ?? '']), 'xmlrpc')));
    assert.deepEqual(back.map((b) => { const e = decodeXmlRpcResponse(b); return e.ok ? e.value : e.error; }), names);
    await assert.rejects(t.rpc('{}', 'jsonrpc'), (e: unknown) => e instanceof TransportError && e.code === 'UNSUPPORTED');
  } finally {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('ReplyFramer: documents cut at any byte, several in one chunk, blanks between', () => {
  const docs = ['<methodResponse><params><param><value>a</value></param></params></methodResponse>',
    '<methodResponse><fault><value>x</value></fault></methodResponse>', '<methodResponse><params/></methodResponse>'];
  const stream = Buffer.from(docs.join('\n') + '\n');
  for (let cut = 1; cut < stream.length; cut += 1) {
    for (const size of [1, 3, 16, 17, 1000]) {
      const got: string[] = [];
      const framer = new ReplyFramer();
      const chunks = [stream.subarray(0, cut), ...Array.from({ length: Math.ceil((stream.length - cut) / size) }, (_, i) => stream.subarray(cut + i * size, cut + (i + 1) * size))];
      for (const c of chunks) framer.push(c, (d) => got.push(d.toString()));
      assert.deepEqual(got, docs, `cut ${cut} size ${size}`);
    }
  }
});

test('ReplyFramer: an XML declaration before a reply is fine; anything but a methodResponse is refused at once', () => {
  const doc = '<?xml version="1.0"?>\n<methodResponse><params/></methodResponse>';
  for (let cut = 1; cut < doc.length; cut++) {
    const got: string[] = [];
    const framer = new ReplyFramer();
    for (const c of [doc.slice(0, cut), doc.slice(cut)]) framer.push(Buffer.from(c), (d) => got.push(d.toString()));
    assert.deepEqual(got, [doc], `cut ${cut}`);
  }
  for (const bad of ['<?xml version="1.0"?><methodCall><methodName>x', 'sh: 1: xenctl: not found\n', '<html>', '<methodRes<']) {
    assert.throws(() => new ReplyFramer().push(Buffer.from(bad), () => assert.fail('emitted')), (e: unknown) => e instanceof NotXmlRpcError, bad);
  }
  // A prefix of a methodResponse's start waits for more.
  const framer = new ReplyFramer();
  framer.push(Buffer.from('\n<?xml vers'), () => undefined);
  framer.push(Buffer.from('ion="1.0"?><methodResp'), () => undefined);
  assert.equal(framer.pendingBytes, 33);
  assert.equal(framer.midReply, true);
  // The newline after a finished reply is not the start of another.
  const between = new ReplyFramer();
  between.push(Buffer.from('<methodResponse><params/></methodResponse>\n'), () => undefined);
  assert.equal(between.midReply, false);
});

test('a file of calls from --dry-run -o xml runs through serve --stdio with no login', { timeout: 60_000 }, async () => {
  const dir = tempDir();
  try {
    const env = { HOME: dir, XDG_CONFIG_HOME: join(dir, 'c'), XDG_DATA_HOME: join(dir, 'd') };
    const state = join(dir, 'state');
    const url = `stdio:${NODE} ${BIN} serve --stdio --state ${state}`;
    const plan = await xenctl(['--url', url, '--dry-run', '-o', 'xml', 'vm', 'set', 'web01', 'name-description=from a file'], env);
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /<methodName>VM\.set_name_description<\/methodName><params><param><value><\/value><\/param>/);
    const calls = join(dir, 'calls.xml');
    writeFileSync(calls, plan.stdout);
    const inFd = openSync(calls, 'r');
    const r = spawnSync(NODE, [BIN, 'serve', '--stdio', '--state', state], { stdio: [inFd, 'pipe', 'pipe'], env: { ...process.env, HOME: dir }, encoding: 'utf8' });
    closeSync(inFd);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(decodeXmlRpcResponse(r.stdout.trim()).ok, r.stdout);
    const get = await xenctl(['--url', url, 'vm', 'get', 'web01', 'name-description'], env);
    assert.equal(get.stdout.trim(), 'from a file');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
