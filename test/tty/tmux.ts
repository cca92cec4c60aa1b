// A real terminal for tests: a private tmux server running one command; keys in, screen text out.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export interface Terminal {
  /** Sends keys as tmux names them (`Tab`, `Enter`, `C-c`) or literal text (`{ text }`). */
  keys(...keys: ReadonlyArray<string | { readonly text: string }>): void;
  screen(): string;
  /** Polls the screen until it matches; fails with the screen shown. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** The command's exit status once it has ended (the pane stays, remain-on-exit). */
  exitStatus(timeoutMs?: number): Promise<number>;
  close(): void;
}

function tmux(socket: string, env: NodeJS.ProcessEnv, args: readonly string[]): string {
  const r = spawnSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Starts `command` (a shell command line) in a detached 120x40 tmux session with exactly `env`. */
export function openTerminal(command: string, env: NodeJS.ProcessEnv, opts: { readonly cwd?: string } = {}): Terminal {
  const socket = `xenctl-test-${randomBytes(6).toString('hex')}`;
  const full: NodeJS.ProcessEnv = { ...env, TERM: 'xterm-256color' };
  delete full['TMUX'];
  tmux(socket, full, ['new-session', '-d', '-x', '120', '-y', '40', ...(opts.cwd === undefined ? [] : ['-c', opts.cwd]), command]);
  tmux(socket, full, ['set-option', '-g', 'remain-on-exit', 'on']);
  const screen = (): string => tmux(socket, full, ['capture-pane', '-p', '-J']);
  return {
    keys(...keys) {
      for (const k of keys) tmux(socket, full, typeof k === 'string' ? ['send-keys', k] : ['send-keys', '-l', k.text]);
    },
    screen,
    async waitFor(pattern, timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs;
      let text = screen();
      while (!pattern.test(text)) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${String(pattern)}; screen:\n${text}`);
        await sleep(100);
        text = screen();
      }
      return text;
    },
    async exitStatus(timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const [dead = '0', status = ''] = tmux(socket, full, ['display-message', '-p', '#{pane_dead} #{pane_dead_status}']).trim().split(' ');
        if (dead === '1') return Number(status);
        if (Date.now() > end) throw new Error(`the command did not end; screen:\n${screen()}`);
        await sleep(100);
      }
    },
    close() {
      spawnSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
    },
  };
}
