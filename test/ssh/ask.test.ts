// The ssh transport in process against a real sshd, with a stand-in for the person at the terminal: an unknown host
// key accepted (then recorded) or declined, key passphrases asked for, and parallel calls sharing one connection.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getModel } from '../../src/model/index.js';
import { openMemoryStore } from '../../src/server/store/memory.js';
import { createXapi, type Xapi } from '../../src/server/xapi.js';
import { listenUnix, type UnixFrontEnd } from '../../src/server/unix.js';
import { parseUrl } from '../../src/config/url.js';
import { ConfigError } from '../../src/config/errors.js';
import { TransportError } from '../../src/transport/errors.js';
import { openTransport, type Asker } from '../../src/transport/open.js';
import { decodeXmlRpcResponse } from '../../src/wire/xmlrpc-decode.js';
import { encodeXmlRpcCall } from '../../src/wire/xmlrpc-encode.js';
import { requireProgram } from '../helpers/system.js';
import { seedFixture } from '../helpers/server.js';
import { makeKey, startSshd, type Sshd } from '../helpers/sshd.js';

const skip = requireProgram('sshd', 'openssh-server') || requireProgram('ssh-keygen', 'openssh-client');

let dir = '';
let sshd: Sshd | undefined;
let xapi: Xapi | undefined;
let front: UnixFrontEnd | undefined;
let plainKey = '';
let lockedKey = '';
const PASSPHRASE = 'correct horse';

before(async () => {
  if (skip !== false) return;
  dir = mkdtempSync(join(tmpdir(), 'xenctl-ssh-ask-'));
  plainKey = join(dir, 'plain');
  lockedKey = join(dir, 'locked');
  const pubs = [makeKey(plainKey), makeKey(lockedKey, PASSPHRASE)];
  sshd = await startSshd(dir);
  writeFileSync(sshd.authorizedKeys, pubs.map((p) => `${p}\n`).join(''));
  const model = getModel();
  const store = openMemoryStore();
  seedFixture(store, model);
  xapi = createXapi({ model, store, settings: { authFailureDelayMs: 0 } });
  front = await listenUnix(xapi, join(dir, 'xapi.sock'));
});

after(async () => {
  await front?.close(0);
  xapi?.close();
  await sshd?.stop();
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

function home(name: string, key: string | undefined, known: boolean): Record<string, string> {
  const h = join(dir, name);
  mkdirSync(join(h, '.ssh'), { recursive: true, mode: 0o700 });
  if (key !== undefined) copyFileSync(key, join(h, '.ssh', 'id_ed25519'));
  writeFileSync(join(h, '.ssh', 'known_hosts'), known ? `[127.0.0.1]:${sshd!.port} ${sshd!.hostKey}\n` : '');
  return { HOME: h };
}

function asker(answer: boolean, passphrases: readonly string[] = []): Asker & { questions: string[] } {
  const questions: string[] = [];
  let next = 0;
  return {
    questions,
    confirm: async (q) => (questions.push(q), answer),
    secret: async (q) => (questions.push(q), passphrases[next++] ?? ''),
  };
}

const url = (): ReturnType<typeof parseUrl> => parseUrl(`ssh://${sshd!.user}@127.0.0.1:${sshd!.port}${join(dir, 'xapi.sock')}`);

async function vmCount(env: Record<string, string>, ask?: Asker): Promise<number> {
  const t = await openTransport(url(), { env, ...(ask === undefined ? {} : { ask }) });
  try {
    const reply = decodeXmlRpcResponse(await t.rpc(encodeXmlRpcCall('VM.get_all', ['']), 'xmlrpc'));
    assert.ok(reply.ok && Array.isArray(reply.value));
    return reply.value.length;
  } finally {
    await t.close();
  }
}

test('ssh: an unknown host key accepted at the terminal is recorded, then known', { skip, timeout: 30_000 }, async () => {
  const env = home('yes', plainKey, false);
  const ask = asker(true);
  assert.ok((await vmCount(env, ask)) > 0);
  assert.equal(ask.questions.length, 1);
  assert.match(ask.questions[0] ?? '', /can't be established\. ED25519 key fingerprint is SHA256:/);
  assert.match(readFileSync(join(env['HOME']!, '.ssh', 'known_hosts'), 'utf8'), new RegExp(`^\\[127\\.0\\.0\\.1\\]:${sshd!.port} ssh-ed25519 `));
  assert.ok((await vmCount(env)) > 0, 'known now, without asking');
});

test('ssh: an unknown host key declined at the terminal is refused and not recorded', { skip, timeout: 30_000 }, async () => {
  const env = home('no', plainKey, false);
  await assert.rejects(vmCount(env, asker(false)), (e: unknown) => e instanceof TransportError && e.code === 'HOST_KEY_UNKNOWN');
  assert.equal(readFileSync(join(env['HOME']!, '.ssh', 'known_hosts'), 'utf8'), '');
});

test('ssh: a key with a passphrase is asked about on a terminal, skipped without one', { skip, timeout: 30_000 }, async () => {
  const env = home('home-locked', lockedKey, true);
  await assert.rejects(vmCount(env), (e: unknown) => e instanceof ConfigError && e.kind === 'auth' && /passphrase/.test(e.message));
  const ask = asker(true, ['wrong', PASSPHRASE]);
  assert.ok((await vmCount(env, ask)) > 0);
  assert.equal(ask.questions.filter((q) => /Enter passphrase for key/.test(q)).length, 2);
  await assert.rejects(vmCount(env, asker(true, ['no', 'nope', 'never'])), (e: unknown) => e instanceof ConfigError && /wrong passphrase/.test(e.message));
});

test('ssh: parallel calls share one ssh connection through several channels', { skip, timeout: 30_000 }, async () => {
  const env = home('parallel', plainKey, true);
  const accepted = (): number => (sshd!.log().match(/Accepted publickey/g) ?? []).length;
  const before = accepted();
  const t = await openTransport(url(), { env });
  try {
    const replies = await Promise.all(Array.from({ length: 12 }, () => t.rpc(encodeXmlRpcCall('host.get_all', ['']), 'xmlrpc')));
    for (const r of replies) assert.ok(decodeXmlRpcResponse(r).ok);
  } finally {
    await t.close();
  }
  assert.equal(accepted() - before, 1);
});

test('ssh: ~/.ssh/config StrictHostKeyChecking (accept-new records silently, yes never asks) and HostKeyAlias', { skip, timeout: 30_000 }, async () => {
  const config = (env: Record<string, string>, lines: readonly string[]): void =>
    writeFileSync(join(env['HOME']!, '.ssh', 'config'), ['Host 127.0.0.1', ...lines.map((l) => `  ${l}`), ''].join('\n'));
  const acceptNew = home('accept-new', plainKey, false);
  config(acceptNew, ['StrictHostKeyChecking accept-new']);
  assert.ok((await vmCount(acceptNew)) > 0);
  assert.match(readFileSync(join(acceptNew['HOME']!, '.ssh', 'known_hosts'), 'utf8'), /ssh-ed25519/);

  const hashed = home('accept-new-hashed', plainKey, false);
  config(hashed, ['StrictHostKeyChecking accept-new', 'HashKnownHosts yes']);
  assert.ok((await vmCount(hashed)) > 0);
  const line = readFileSync(join(hashed['HOME']!, '.ssh', 'known_hosts'), 'utf8');
  assert.match(line, /^\|1\|\S+ ssh-ed25519 /);
  assert.ok(!line.includes('127.0.0.1'), line);
  // Found again under its hashed name: nothing more is recorded.
  assert.ok((await vmCount(hashed)) > 0);
  assert.equal(readFileSync(join(hashed['HOME']!, '.ssh', 'known_hosts'), 'utf8'), line);

  const strict = home('strict', plainKey, false);
  config(strict, ['StrictHostKeyChecking yes']);
  const ask = asker(true);
  await assert.rejects(vmCount(strict, ask), (e: unknown) => e instanceof TransportError && /StrictHostKeyChecking is yes/.test(e.message));
  assert.equal(ask.questions.length, 0);

  const alias = home('alias', plainKey, false);
  writeFileSync(join(alias['HOME']!, '.ssh', 'known_hosts'), `lab-host ${sshd!.hostKey}\n`);
  config(alias, ['HostKeyAlias lab-host']);
  assert.ok((await vmCount(alias)) > 0);
});
