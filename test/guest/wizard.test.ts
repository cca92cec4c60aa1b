// The `vm clone --customize` wizard in a real terminal: bin/xenctl under tmux against a `local:` temp state (and
// against `serve --no-extensions`), driven with send-keys, read with capture-pane; the clone checked afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { runCli } from '../helpers/cli.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { requireProgram } from '../helpers/system.js';
import { listeningOn } from '../helpers/bin.js';

const BIN = fileURLToPath(new URL('../../../bin/xenctl', import.meta.url));

function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A tmux server of its own running one command line in window `w`, with ways to wait for what it shows. */
function terminal(env: Record<string, string>, cwd: string, line: string) {
  const socket = `xenctl-wizard-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const tmux = (...argv: string[]): string => execFileSync('tmux', ['-L', socket, ...argv], { env, encoding: 'utf8' });
  const screen = (): string => tmux('capture-pane', '-p', '-J', '-S', '-300', '-t', 'w');
  /** Waits until the prompt being asked (the last `? ` line) starts with `question`. */
  const asked = async (question: string): Promise<string> => {
    for (let i = 0; i < 600; i++) {
      const text = screen();
      const prompts = text.split('\n').filter((l) => /^[?✔] /.test(l));
      const last = prompts.at(-1) ?? '';
      if (last.startsWith(`? ${question}`)) return text;
      await sleep(50);
    }
    return assert.fail(`no question '${question}' on the screen:\n${screen()}`);
  };
  const waitFor = async (re: RegExp): Promise<string> => {
    for (let i = 0; i < 600; i++) {
      const text = screen();
      if (re.test(text)) return text;
      await sleep(50);
    }
    return assert.fail(`${re} never appeared:\n${screen()}`);
  };
  tmux('new-session', '-d', '-s', 'w', '-x', '120', '-y', '50', '-c', cwd,
    ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
    `${line}; echo EXIT=$?; sleep 60`);
  return {
    keys: (...k: string[]): void => void tmux('send-keys', '-t', 'w', ...k),
    screen, asked, waitFor,
    close: (): void => void spawnSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' }),
  };
}

test('the wizard asks, shows the diffs, and the clone gets what was answered', { skip: requireProgram('tmux', 'tmux') }, async () => {
  const home = mkdtempSync(join(tmpdir(), 'xenctl-wizard-'));
  const env: Record<string, string> = { HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config'), NO_COLOR: '1', PATH: process.env['PATH'] ?? '' };
  // Outside the terminal, xenctl runs in-process against the same local: state (the real command path, faster).
  const xenctl = async (...argv: string[]): Promise<string> => {
    const r = await runCli(['-q', ...argv], { env });
    assert.equal(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  let term: ReturnType<typeof terminal> | undefined;
  try {
    await xenctl('vm', 'hard-shutdown', 'web01');
    writeFileSync(join(home, 'motd'), 'Welcome to shop03.\n');
    term = terminal(env, home, `${quote(BIN)} vm clone web01 web03 --customize`);
    const { asked, waitFor, keys } = term;
    await asked('Host name of the clone');
    keys('shop03', 'Enter');
    await asked('Address of eth0');
    keys('Down', 'Enter');
    await asked('eth0 address');
    keys('10.0.0.33/24', 'Enter');
    await asked('eth0 gateway');
    keys('10.0.0.1', 'Enter');
    await asked('DNS servers');
    keys('10.0.0.2,10.0.0.3', 'Enter');
    await asked('MAC address of VIF 0');
    keys('Down', 'Enter');
    await asked('Reset the identity');
    keys('Enter');
    await asked('Replace a guest file');
    keys('motd:/etc/motd', 'Enter');
    await waitFor(/^✔ Replace a guest file .*motd:\/etc\/motd$/m);
    await asked('Replace a guest file');
    keys('Enter');
    await asked('Apply a unified diff');
    keys('Enter');
    const review = await asked('Clone web01 as web03 with these changes?');
    assert.match(review, /^-web01\n\+shop03$/m);
    assert.match(review, /private key replaced \(content not shown\)/);
    assert.doesNotMatch(review, /BEGIN OPENSSH PRIVATE KEY/);
    keys('Enter');
    await waitFor(/^EXIT=0$/m);

    const vbds = JSON.parse(await xenctl('vm', 'get', 'web03', 'VBDs', '-o', 'json')) as string[];
    const vdi = (await xenctl('vbd', 'get', vbds[0] ?? '', 'VDI')).trim();
    assert.equal(await xenctl('vdi', 'cat', vdi, '/etc/hostname'), 'shop03\n');
    assert.equal(await xenctl('vdi', 'cat', vdi, '/etc/motd'), 'Welcome to shop03.\n');
    assert.match(await xenctl('vdi', 'cat', vdi, '/etc/network/interfaces'), /address 10\.0\.0\.33\/24\n\tgateway 10\.0\.0\.1\n\tdns-nameservers 10\.0\.0\.2 10\.0\.0\.3\n/);
    assert.match(await xenctl('vdi', 'cat', vdi, '/etc/hosts'), /^10\.0\.0\.33\tshop03\.demo\.example shop03$/m);
    const macs = JSON.parse(await xenctl('vif', 'list', '-o', 'json', '-c', 'VM,MAC')) as Array<{ VM: string; MAC: string }>;
    const vms = JSON.parse(await xenctl('vm', 'list', '-o', 'json', '-c', 'ref,name_label')) as Array<{ ref: string; name_label: string }>;
    const macOf = (name: string): string | undefined => macs.find((v) => v.VM === vms.find((m) => m.name_label === name)?.ref)?.MAC;
    assert.ok(macOf('web01') !== undefined);
    assert.equal(macOf('web03'), macOf('web01'), 'the MAC was kept');
  } finally {
    term?.close();
    rmSync(home, { recursive: true, force: true });
  }
});

test('against a server without the extension the wizard asks only what XenAPI can set, and says so', { skip: requireProgram('tmux', 'tmux'), timeout: 60_000 }, async () => {
  const home = mkdtempSync(join(tmpdir(), 'xenctl-wizard-plain-'));
  const env: Record<string, string> = { HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config'), NO_COLOR: '1', PATH: process.env['PATH'] ?? '' };
  const state = join(home, 'state');
  const child = spawn(process.execPath, [BIN, 'serve', '--no-extensions', '--listen', '127.0.0.1:0', '--state', state], { stdio: ['ignore', 'ignore', 'pipe'], env });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let term: ReturnType<typeof terminal> | undefined;
  try {
    const [url] = await listeningOn(child) as [string];
    const login = ['--url', url, '--password-file', join(state, 'root-password')];
    term = terminal(env, home, `${quote(BIN)} ${login.map(quote).join(' ')} vm clone mail01 mail09 --customize`);
    const first = await term.asked('Address of eth0');
    assert.match(first, /^xenctl: this server has no xenctl extensions \(plain xapi\): only the MACs and IPv4 settings can be customized/m);
    assert.doesNotMatch(first, /Host name/);
    term.keys('Down', 'Enter');
    await term.asked('eth0 address');
    term.keys('10.0.0.44/24', 'Enter');
    await term.asked('eth0 gateway (empty: none)');
    term.keys('10.0.0.1', 'Enter');
    await term.asked('MAC address of VIF 0');
    term.keys('Down', 'Enter');
    const review = await term.asked('Clone mail01 as mail09 with these changes?');
    assert.doesNotMatch(review, /DNS|Reset|Replace|diff/);
    assert.match(review, /^# VIF 0: VIF\.configure_ipv4 Static 10\.0\.0\.44\/24 10\.0\.0\.1$/m);
    term.keys('Enter');
    await term.waitFor(/^EXIT=0$/m);
    const vif = async (vm: string): Promise<Record<string, unknown>> => {
      const r = await runCli([...login, '-q', 'vif', 'list', '--where', `VM=${vm}`, '-o', 'json'], { env });
      assert.equal(r.code, 0, r.stderr);
      return (JSON.parse(r.stdout) as Array<Record<string, unknown>>)[0] ?? {};
    };
    const clone = await vif('mail09');
    assert.deepEqual(clone['ipv4_addresses'], ['10.0.0.44/24']);
    assert.equal(clone['ipv4_gateway'], '10.0.0.1');
    assert.equal(clone['MAC'], (await vif('mail01'))['MAC']);
  } finally {
    term?.close();
    child.kill('SIGTERM');
    await exited;
    rmSync(home, { recursive: true, force: true });
  }
});
