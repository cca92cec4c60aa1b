// The generated completion scripts in real shells: bash with bash-completion, zsh (compinit, TAB in tmux), fish.
// Each completes a noun, a verb, a flag, an enum value and a VM name from the running (local:) demo server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { execFile, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireProgram } from '../helpers/system.js';
import { BIN, homeWithXenctl, listeningOn } from '../helpers/bin.js';
import { freePort } from '../helpers/sshd.js';
import { openTerminal } from '../tty/tmux.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const BASH_COMPLETION = '/usr/share/bash-completion/bash_completion';
let home = '';
let env: NodeJS.ProcessEnv = {};

before(() => {
  ({ home, env } = homeWithXenctl('xenctl-shells-'));
  // The local: demo state is created by a first command; then one backend call fills the completion cache.
  const list = spawnSync('xenctl', ['vm', 'list'], { env, encoding: 'utf8' });
  assert.equal(list.status, 0, list.stderr);
  warm();
});

/** Fills the completion cache (VMs, hosts), so a TAB in a loaded machine never races the backend's deadline. */
function warm(): void {
  for (const [words, want] of [[['vm', 'start', ''], 'mail01'], [['vm', 'migrate', 'web01', '--to', ''], 'host2'], [['network', 'get', ''], 'Pool-wide network 0']] as const) {
    let ok = false;
    for (let i = 0; i < 3 && !ok; i++) ok = spawnSync('xenctl', ['__complete', ...words], { env, encoding: 'utf8' }).stdout.split('\n').includes(want);
    assert.ok(ok, `the completion backend never offered ${want}`);
  }
}

after(() => rmSync(home, { recursive: true, force: true }));

test('__complete offers live VM names, and nothing (no error) when the server cannot be reached', () => {
  const r = spawnSync('xenctl', ['__complete', 'vm', 'start', 'ma'], { env, encoding: 'utf8' });
  assert.equal(r.status, 0);
  assert.equal(r.stdout, 'mail01\n');
  const down = spawnSync('xenctl', ['__complete', '--url', 'http://127.0.0.1:9', 'vm', 'start', ''], { env, encoding: 'utf8' });
  assert.equal(down.status, 0);
  assert.equal(down.stdout, '');
  assert.equal(down.stderr, '');
  assert.ok(existsSync(join(home, 'cache', 'xenctl', 'complete')));
});

/** Calls _xenctl as bash-completion would for the line (the last word is the one being completed). */
function bashComplete(words: readonly string[], withEnv: NodeJS.ProcessEnv = env): string[] {
  const script = [
    `source ${BASH_COMPLETION}`,
    `source ${join(root, 'completions', 'xenctl.bash')}`,
    `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})`,
    'COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))',
    `COMP_LINE='${words.join(' ').replace(/ = ?/g, '=')}'`,
    'COMP_POINT=${#COMP_LINE}',
    '_xenctl xenctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', script], { env: withEnv, encoding: 'utf8' });
  assert.equal(r.stderr, '');
  return r.stdout.split('\n').filter((l) => l !== '');
}

const noBash = requireProgram('bash', 'bash') || (existsSync(BASH_COMPLETION) ? false : requireProgram('__bash_completion_missing', 'bash-completion'));

test('bash: noun, verb, flag, enum value, fields, VM name', { skip: noBash }, () => {
  warm();
  assert.deepEqual(bashComplete(['xenctl', 'vm-gu']), ['vm-guest-metrics']);
  assert.deepEqual(bashComplete(['xenctl', 'vm', 'clean-sh']).sort(), ['clean-shutdown']);
  assert.deepEqual(bashComplete(['xenctl', 'vm', 'start', '--start-p']), ['--start-paused']);
  assert.deepEqual(bashComplete(['xenctl', 'vm', 'set-domain-type', 'web01', '--value', 'pv']).sort(), ['pv', 'pv_in_pvh', 'pvh']);
  assert.deepEqual(bashComplete(['xenctl', '-o', 'nd']), ['ndjson']);
  assert.deepEqual(bashComplete(['xenctl', 'vm', 'list', '-c', 'name-label,power-']), ['name-label,power-state']);
  assert.deepEqual(bashComplete(['xenctl', 'vm', 'list', '--where', 'power-s']), ['power-state=']);
  // bash splits `power-state=` at the `=` (COMP_WORDBREAKS); the script joins the words back.
  assert.deepEqual(bashComplete(['xenctl', 'vm', 'list', '--where', 'power-state', '=']), ['Halted', 'Paused', 'Running', 'Suspended']);
  assert.deepEqual(bashComplete(['xenctl', 'vm', 'set', 'web01', 'name-l']), ['name-label=']);
  assert.deepEqual(bashComplete(['xenctl', 'help', 'vm-gu']), ['vm-guest-metrics']);
  assert.deepEqual(bashComplete(['xenctl', 'help', 'vm', 'clean-sh']), ['clean-shutdown']);
  assert.deepEqual(bashComplete(['xenctl', 'vm', 'start', 'mai']), ['mail01']);
  assert.deepEqual(bashComplete(['xenctl', 'vm', 'migrate', 'web01', '--to', '']).sort(), ['host1', 'host2', 'host3']);
});

test('bash: TAB in an interactive shell completes a VM name', { skip: noBash || requireProgram('tmux', 'tmux') }, async () => {
  warm();
  const rc = join(home, 'bashrc');
  writeFileSync(rc, `source ${BASH_COMPLETION}\nsource ${join(root, 'completions', 'xenctl.bash')}\nPS1='$ '\n`);
  const term = openTerminal(`bash --noprofile --rcfile ${rc} -i`, env);
  try {
    await term.waitFor(/\$ $/m);
    term.keys({ text: 'xenctl vm start mai' }, 'Tab');
    await term.waitFor(/xenctl vm start mail01 /);
    term.keys('C-u', { text: 'xenctl vm clean-shut' }, 'Tab');
    await term.waitFor(/xenctl vm clean-shutdown /);
    term.keys('C-u', { text: 'xenctl vm list --where power-state=Sus' }, 'Tab');
    await term.waitFor(/--where power-state=Suspended /);
    // A name with spaces: escaped as typed bare, left alone inside the quote the user opened.
    term.keys('C-u', { text: 'xenctl network get Pool-w' }, 'Tab');
    await term.waitFor(/xenctl network get Pool-wide\\ network\\ 0 /);
    term.keys('C-u', { text: "xenctl network get 'Pool-w" }, 'Tab');
    await term.waitFor(/xenctl network get 'Pool-wide network 0' /);
  } finally {
    term.close();
  }
});

test('zsh: TAB completes a noun, a verb, a flag, an enum value and a VM name', { skip: requireProgram('zsh', 'zsh') || requireProgram('tmux', 'tmux') }, async () => {
  warm();
  const zdot = join(home, 'zdot');
  mkdirSync(join(zdot, 'fn'), { recursive: true });
  symlinkSync(join(root, 'completions', '_xenctl'), join(zdot, 'fn', '_xenctl'));
  writeFileSync(join(zdot, '.zshrc'), `fpath=(${join(zdot, 'fn')} $fpath)\nautoload -U compinit\ncompinit -u -d ${join(zdot, '.zcompdump')}\nPROMPT='%% '\n`);
  const term = openTerminal('zsh -i', { ...env, ZDOTDIR: zdot });
  try {
    await term.waitFor(/^% $/m);
    const cases: ReadonlyArray<readonly [string, RegExp]> = [
      ['xenctl vm-gu', /xenctl vm-guest-metrics /],
      ['xenctl vm clean-sh', /xenctl vm clean-shutdown /],
      ['xenctl vm start --start-p', /xenctl vm start --start-paused /],
      ['xenctl vm set-domain-type web01 --value hv', /--value hvm /],
      ['xenctl vm list --where power-state=Sus', /--where power-state=Suspended /],
      ['xenctl vm start mai', /xenctl vm start mail01 /],
      ['xenctl help vm clean-sh', /xenctl help vm clean-shutdown /],
    ];
    for (const [line, want] of cases) {
      term.keys('C-u', { text: line }, 'Tab');
      await term.waitFor(want);
      term.keys('C-u', 'C-l');
      await term.waitFor(/^% $/m);
    }
  } finally {
    term.close();
  }
});

function fishComplete(line: string, withEnv: NodeJS.ProcessEnv = env): string[] {
  const script = `source ${join(root, 'completions', 'xenctl.fish')}; complete -C '${line}'`;
  const r = spawnSync('fish', ['--no-config', '-c', script], { env: withEnv, encoding: 'utf8' });
  assert.equal(r.stderr, '');
  return r.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t')[0] ?? '');
}

test('fish: noun, verb, flag, enum value, fields, VM name', { skip: requireProgram('fish', 'fish') }, () => {
  warm();
  assert.deepEqual(fishComplete('xenctl vm-gu'), ['vm-guest-metrics']);
  assert.deepEqual(fishComplete('xenctl vm st').sort(), ['start', 'start-on']);
  assert.deepEqual(fishComplete('xenctl vm start --start-p'), ['--start-paused']);
  assert.deepEqual(fishComplete('xenctl vm set-domain-type web01 --value pv').sort(), ['pv', 'pv_in_pvh', 'pvh']);
  assert.deepEqual(fishComplete('xenctl --output=nd'), ['--output=ndjson']);
  assert.deepEqual(fishComplete('xenctl vm list -c name-label,power-'), ['name-label,power-state']);
  assert.deepEqual(fishComplete('xenctl vm wait web01 power-state=H'), ['power-state=Halted']);
  assert.deepEqual(fishComplete('xenctl vm start mai'), ['mail01']);
  assert.deepEqual(fishComplete('xenctl help vm clean-sh'), ['clean-shutdown']);
});

test('bash and fish: a backend that ignores SIGTERM and hangs still gives the prompt back, with nothing offered', { skip: noBash || requireProgram('timeout', 'coreutils') }, async () => {
  const bin = join(home, 'stuck-bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'xenctl'), "#!/bin/sh\ntrap '' TERM\nsleep 30\n", { mode: 0o755 });
  const stuck = { ...env, PATH: `${bin}:${env['PATH'] ?? ''}` };
  const bashLine = [
    `source ${BASH_COMPLETION}`, `source ${join(root, 'completions', 'xenctl.bash')}`,
    "COMP_WORDS=(xenctl vm start ''); COMP_CWORD=3; COMP_LINE='xenctl vm start '; COMP_POINT=16",
    '_xenctl xenctl "" start; echo "n=${#COMPREPLY[@]}"',
  ].join('\n');
  const shells: Array<readonly [string, readonly string[], boolean]> = [['bash', ['--norc', '--noprofile', '-c', bashLine], true]];
  if (requireProgram('fish', 'fish') === false) {
    shells.push(['fish', ['--no-config', '-c', `source ${join(root, 'completions', 'xenctl.fish')}; complete -C 'xenctl vm start '; echo n=0`], true]);
  }
  // Both at once: each waits out the backend's deadline and the kill after it.
  const runs = await Promise.all(shells.map(([shell, args]) => new Promise<{ shell: string; out: string; err: string; killed: boolean }>((resolve) => {
    execFile(shell, args, { env: stuck, encoding: 'utf8', timeout: 15_000 }, (e, out, err) => resolve({ shell, out, err, killed: e !== null && e.killed === true }));
  })));
  for (const r of runs) {
    assert.equal(r.killed, false, `${r.shell} was still waiting for the backend`);
    assert.equal(r.out, 'n=0\n', r.shell);
    assert.equal(r.err, '', r.shell);
  }
});

test('bash and fish: VM names from a running xenctl serve named by XENCTL_URL', { skip: noBash }, async () => {
  const dir = join(home, 'served');
  mkdirSync(dir, { recursive: true });
  const pw = join(dir, 'pw');
  writeFileSync(pw, 'shell-pass\n', { mode: 0o600 });
  const port = await freePort();
  const server = spawn(process.execPath, [BIN, 'serve', '--listen', `127.0.0.1:${port}`, '--state', join(dir, 'state'), '--password-file', pw], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    const [url = ''] = await listeningOn(server);
    const served = { ...env, XENCTL_URL: url, XENCTL_PASSWORD_FILE: pw };
    // A name only that server has, so the names cannot come from the local: pool.
    assert.equal(spawnSync('xenctl', ['-q', 'vm', 'set', 'mail01', 'name-label=mailsrv'], { env: served, encoding: 'utf8' }).status, 0);
    assert.deepEqual(bashComplete(['xenctl', 'vm', 'start', 'mail'], served), ['mailsrv']);
    if (requireProgram('fish', 'fish') === false) assert.deepEqual(fishComplete('xenctl vm start mail', served), ['mailsrv']);
  } finally {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill();
      await exited;
    }
  }
});
