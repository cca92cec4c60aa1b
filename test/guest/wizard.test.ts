// The `vm clone --customize` wizard in a real terminal: bin/xenctl under tmux against a `local:` temp state,
// driven with send-keys, read with capture-pane; the clone's files checked afterwards with `xenctl vdi cat`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { runCli } from '../helpers/cli.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { requireProgram } from '../helpers/system.js';

const BIN = fileURLToPath(new URL('../../../bin/xenctl', import.meta.url));

function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
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
  const socket = `xenctl-wizard-${process.pid}`;
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
  try {
    await xenctl('vm', 'hard-shutdown', 'web01');
    writeFileSync(join(home, 'motd'), 'Welcome to shop03.\n');
    const line = `${quote(BIN)} vm clone web01 web03 --customize; echo EXIT=$?; sleep 60`;
    tmux('new-session', '-d', '-s', 'w', '-x', '120', '-y', '50', '-c', home,
      ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
      line);
    await asked('Host name of the clone');
    tmux('send-keys', '-t', 'w', 'shop03', 'Enter');
    await asked('Address of eth0');
    tmux('send-keys', '-t', 'w', 'Down', 'Enter');
    await asked('eth0 address');
    tmux('send-keys', '-t', 'w', '10.0.0.33/24', 'Enter');
    await asked('eth0 gateway');
    tmux('send-keys', '-t', 'w', '10.0.0.1', 'Enter');
    await asked('DNS servers');
    tmux('send-keys', '-t', 'w', '10.0.0.2,10.0.0.3', 'Enter');
    await asked('MAC address of VIF 0');
    tmux('send-keys', '-t', 'w', 'Down', 'Enter');
    await asked('Reset the identity');
    tmux('send-keys', '-t', 'w', 'Enter');
    await asked('Replace a guest file');
    tmux('send-keys', '-t', 'w', 'motd:/etc/motd', 'Enter');
    await waitFor(/^✔ Replace a guest file .*motd:\/etc\/motd$/m);
    await asked('Replace a guest file');
    tmux('send-keys', '-t', 'w', 'Enter');
    await asked('Apply a unified diff');
    tmux('send-keys', '-t', 'w', 'Enter');
    const review = await asked('Clone web01 as web03 with these changes?');
    assert.match(review, /^-web01\n\+shop03$/m);
    assert.match(review, /private key replaced \(content not shown\)/);
    assert.doesNotMatch(review, /BEGIN OPENSSH PRIVATE KEY/);
    tmux('send-keys', '-t', 'w', 'Enter');
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
    spawnSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
    rmSync(home, { recursive: true, force: true });
  }
});
