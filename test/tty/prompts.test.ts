// Prompts in a real terminal (tmux): the password, confirmations (destroy, hard shutdown, bulk), the choice among
// several matches, the clone wizard; and none of them when stdin or stdout is not a terminal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { requireProgram } from '../helpers/system.js';
import { BIN, homeWithXenctl } from '../helpers/bin.js';
import { freePort } from '../helpers/sshd.js';
import { openTerminal, type Terminal } from './tmux.js';

const skip = requireProgram('tmux', 'tmux');
let home = '';
let env: NodeJS.ProcessEnv = {};

function fresh(): void {
  ({ home, env } = homeWithXenctl('xenctl-tty-'));
}

/** xenctl without a terminal (the local: demo pool of this test's home). */
function xenctl(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync('xenctl', ['-q', ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs a shell line in a terminal; `EXIT=<status>` is printed when it ends. */
function inTerminal(line: string): Terminal {
  return openTerminal(`bash --norc --noprofile -c 'set -o pipefail; ${line}; echo EXIT=$?; sleep 30'`, env);
}

async function exitOf(term: Terminal): Promise<number> {
  const screen = await term.waitFor(/EXIT=\d+/, 15_000);
  return Number(/EXIT=(\d+)/.exec(screen)?.[1]);
}

before(() => {
  if (skip !== false) return;
  fresh();
  const first = xenctl('vm', 'list');
  assert.equal(first.status, 0, first.stderr);
});

after(() => {
  if (home !== '') rmSync(home, { recursive: true, force: true, maxRetries: 5 });
});

test('destroy asks first: n exits 130 and keeps the VM, y destroys it', { skip }, async () => {
  let term = inTerminal('xenctl -q vm destroy test06');
  try {
    await term.waitFor(/Destroy vm test06\? \(y\/N\)/);
    term.keys('n', 'Enter');
    assert.equal(await exitOf(term), 130);
  } finally {
    term.close();
  }
  assert.equal(xenctl('vm', 'get', 'test06', 'name-label').stdout, 'test06\n');
  term = inTerminal('xenctl -q vm destroy test06');
  try {
    await term.waitFor(/Destroy vm test06\? \(y\/N\)/);
    term.keys('y', 'Enter');
    assert.equal(await exitOf(term), 0);
  } finally {
    term.close();
  }
  assert.equal(xenctl('vm', 'get', 'test06', 'name-label').status, 1);
});

test('hard shutdown asks first; --yes does not ask', { skip }, async () => {
  let term = inTerminal('xenctl -q vm hard-shutdown web01');
  try {
    await term.waitFor(/Hard-shutdown vm web01\? \(y\/N\)/);
    term.keys('n', 'Enter');
    assert.equal(await exitOf(term), 130);
  } finally {
    term.close();
  }
  assert.equal(xenctl('vm', 'get', 'web01', 'power-state').stdout, 'Running\n');
  term = inTerminal('xenctl -q --yes vm hard-shutdown web01');
  try {
    assert.equal(await exitOf(term), 0);
    assert.doesNotMatch(term.screen(), /\?/);
  } finally {
    term.close();
  }
  assert.equal(xenctl('vm', 'get', 'web01', 'power-state').stdout, 'Halted\n');
});

test('a bulk verb asks first, naming the objects', { skip }, async () => {
  const term = inTerminal('xenctl -q vm clean-shutdown --where power-state=running --multiple');
  try {
    await term.waitFor(/clean-shutdown \d+ vm objects \(.*web02.*\)\? \(y\/N\)/);
    term.keys('Enter');
    assert.equal(await exitOf(term), 130);
  } finally {
    term.close();
  }
  assert.equal(xenctl('vm', 'get', 'web02', 'power-state').stdout, 'Running\n');
});

test('an ambiguous name offers a choice list on a terminal, and lists the candidates (exit 1) when piped', { skip }, async () => {
  assert.equal(xenctl('vm', 'set', 'test05', 'name-label=twin').status, 0);
  assert.equal(xenctl('vm', 'set', 'test04', 'name-label=twin').status, 0);
  const uuids = xenctl('vm', 'list', '--where', 'name-label=twin', '-o', 'minimal').stdout.trim().split(',');
  assert.equal(uuids.length, 2);
  let term = inTerminal('xenctl -q vm get twin uuid');
  try {
    await term.waitFor(/'twin' matches several vm objects; which one\?/);
    term.keys('Down', 'Enter');
    assert.equal(await exitOf(term), 0);
    const screen = term.screen();
    const shown = uuids.filter((u) => new RegExp(`^${u}$`, 'm').test(screen));
    assert.equal(shown.length, 1, screen);
  } finally {
    term.close();
  }
  term = inTerminal('xenctl -q vm get twin uuid | cat');
  try {
    assert.equal(await exitOf(term), 1);
    const screen = term.screen();
    assert.doesNotMatch(screen, /which one/);
    for (const u of uuids) assert.match(screen, new RegExp(u));
  } finally {
    term.close();
  }
});

test('no question when stdin or stdout is not a terminal: destroy proceeds as in a script', { skip }, async () => {
  let term = inTerminal('xenctl -q vm destroy dev01 < /dev/null');
  try {
    assert.equal(await exitOf(term), 0);
    assert.doesNotMatch(term.screen(), /Destroy vm/);
  } finally {
    term.close();
  }
  term = inTerminal('xenctl -q vm destroy mail01 | cat');
  try {
    assert.equal(await exitOf(term), 0);
    assert.doesNotMatch(term.screen(), /Destroy vm/);
  } finally {
    term.close();
  }
  assert.equal(xenctl('vm', 'get', 'dev01', 'uuid').status, 1);
  assert.equal(xenctl('vm', 'get', 'mail01', 'uuid').status, 1);
});

test('the clone wizard asks its questions on a terminal and refuses without one', { skip }, async () => {
  assert.equal(xenctl('--yes', 'vm', 'hard-shutdown', 'test01').status, 0);
  let term = inTerminal('xenctl -q vm clone test01 web09 --customize');
  try {
    await term.waitFor(/Host name of the clone/, 15_000);
    term.keys({ text: 'wizhost' }, 'Enter');
    for (const q of [/Address of eth0/, /MAC address of VIF 0/, /Reset the identity/, /Replace a guest file/, /Apply a unified diff/, /Clone test01 as web09 with these changes\?/]) {
      await term.waitFor(q, 15_000);
      term.keys('Enter');
    }
    assert.equal(await exitOf(term), 0);
  } finally {
    term.close();
  }
  assert.equal(xenctl('vm', 'get', 'web09', 'name-label').stdout, 'web09\n');
  // The answer typed is what the clone's guest got.
  const vdi = xenctl('vbd', 'list', '--where', 'vm=web09', '-o', 'value', '-c', 'vdi').stdout.trim();
  assert.equal(xenctl('vdi', 'cat', vdi, '/etc/hostname').stdout, 'wizhost\n');
  term = inTerminal('xenctl -q vm clone test01 web10 --customize | cat');
  try {
    assert.equal(await exitOf(term), 2);
    assert.match(term.screen(), /on a terminal/);
  } finally {
    term.close();
  }
});

test('the password is asked on a terminal over http, and never when stdin is not one', { skip }, async () => {
  const dir = join(home, 'serve');
  mkdirSync(dir);
  writeFileSync(join(dir, 'pw'), 'tty-secret\n', { mode: 0o600 });
  const port = await freePort();
  const server: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--listen', `127.0.0.1:${port}`, '--state', join(dir, 'state'), '--password-file', join(dir, 'pw')], { env, stdio: 'ignore' });
  try {
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100 && xenctl('--url', url, '--password-file', join(dir, 'pw'), 'pool', 'list').status !== 0; i++) await new Promise((r) => setTimeout(r, 100));
    let term = inTerminal(`xenctl -q --url ${url} vm list -c name-label`);
    try {
      await term.waitFor(/Password for root@http:\/\/127\.0\.0\.1:\d+/);
      term.keys({ text: 'tty-secret' }, 'Enter');
      assert.equal(await exitOf(term), 0);
      assert.match(term.screen(), /mail01/);
      assert.doesNotMatch(term.screen(), /tty-secret/);
    } finally {
      term.close();
    }
    term = inTerminal(`xenctl -q --url ${url} vm list < /dev/null`);
    try {
      assert.equal(await exitOf(term), 4);
      assert.match(term.screen(), /needs a password: name a file with --password-file/);
      assert.doesNotMatch(term.screen(), /Password for/);
    } finally {
      term.close();
    }
  } finally {
    // Wait for the exit: the server writes its snapshot on SIGTERM, and the after hook removes the directory.
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill();
      await exited;
    }
  }
});
