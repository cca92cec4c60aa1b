// A private OpenSSH sshd on 127.0.0.1 for the ssh tests: its own host key, config and authorized_keys, the
// current user as the login (root here: PermitRootLogin prohibit-password). Stopped by PID.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';

export interface Sshd {
  readonly port: number;
  readonly user: string;
  /** `ssh-ed25519 AAAA...` of the server. */
  readonly hostKey: string;
  /** Where the server reads authorized keys from (append to it). */
  readonly authorizedKeys: string;
  /** The last few KB sshd logged (LogLevel VERBOSE: one `Accepted publickey` per connection). */
  log(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function sh(cmd: string, args: readonly string[], env?: NodeJS.ProcessEnv): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...(env === undefined ? {} : { env }) });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** A new ed25519 key pair at `file` (and `file.pub`); returns the public line. */
export function makeKey(file: string, passphrase = ''): string {
  sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', 'xenctl-test', '-f', file]);
  return readFileSync(`${file}.pub`, 'utf8').trim();
}

function sshdPath(): string {
  return sh('sh', ['-c', 'command -v sshd']).trim();
}

function waitForPort(port: number, child: ChildProcess, log: () => string, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      if (child.exitCode !== null) return reject(new Error(`sshd exited ${child.exitCode}: ${log()}`));
      const sock = connect(port, '127.0.0.1');
      sock.once('connect', () => (sock.destroy(), resolve()));
      sock.once('error', () => {
        if (Date.now() > until) reject(new Error(`sshd did not listen on ${port}: ${log()}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/** Starts sshd with a fresh host key in `dir`; `hostKeyFile` reuses (or makes) a given key. */
export async function startSshd(dir: string, opts: { hostKeyFile?: string; port?: number } = {}): Promise<Sshd> {
  try {
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  } catch {
    // not root: sshd runs without privilege separation directory checks only as root
  }
  const hostKeyFile = opts.hostKeyFile ?? join(dir, 'ssh_host_ed25519_key');
  let hostKey: string;
  try {
    hostKey = readFileSync(`${hostKeyFile}.pub`, 'utf8').trim();
  } catch {
    hostKey = makeKey(hostKeyFile);
  }
  hostKey = hostKey.split(/\s+/).slice(0, 2).join(' ');
  const authorizedKeys = join(dir, 'authorized_keys');
  try {
    readFileSync(authorizedKeys);
  } catch {
    writeFileSync(authorizedKeys, '', { mode: 0o600 });
  }
  const port = opts.port ?? (await freePort());
  const config = join(dir, `sshd_config.${port}`);
  writeFileSync(config, [
    `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${hostKeyFile}`, `PidFile ${join(dir, `sshd.${port}.pid`)}`,
    `AuthorizedKeysFile ${authorizedKeys}`, 'PubkeyAuthentication yes', 'PasswordAuthentication no',
    'KbdInteractiveAuthentication no', 'UsePAM no', 'StrictModes no', 'PermitRootLogin prohibit-password',
    'AllowStreamLocalForwarding yes', 'AllowTcpForwarding yes', 'PermitTTY no', 'LogLevel VERBOSE', 'MaxStartups 50',
    'MaxSessions 50', '',
  ].join('\n'));
  const child = spawn(sshdPath(), ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort(port, child, () => log);
  return {
    port,
    user: userInfo().username,
    hostKey,
    authorizedKeys,
    log: () => log,
    async stop(): Promise<void> {
      if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
      await exited;
    },
  };
}

/** A real ssh-agent on a socket in `dir`, holding `keyFile`; stopped by PID. */
export async function startAgent(dir: string, keyFile: string): Promise<{ sock: string; stop(): Promise<void> }> {
  const sock = join(dir, 'agent.sock');
  const child = spawn('ssh-agent', ['-D', '-a', sock], { stdio: ['ignore', 'ignore', 'ignore'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const until = Date.now() + 5000;
  for (;;) {
    const r = spawnSync('ssh-add', [keyFile], { env: { ...process.env, SSH_AUTH_SOCK: sock }, encoding: 'utf8' });
    if (r.status === 0) break;
    if (Date.now() > until) throw new Error(`ssh-add failed: ${r.stderr}`);
    await new Promise((r2) => setTimeout(r2, 50));
  }
  return {
    sock,
    async stop(): Promise<void> {
      if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
      await exited;
    },
  };
}
