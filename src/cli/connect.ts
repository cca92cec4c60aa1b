// Opens the connection a command needs: resolve flags/env/context, then the client layer's openClient.
// `local:` starts the embedded reference server in-process (imported only on that path).
import type { Ctx } from './context.js';
import type { Connection } from './main.js';
import { resolve } from 'node:path';
import type { OpenClientDeps } from '../client/open.js';
import type { Asker } from '../transport/open.js';
import { canPrompt } from './prompt.js';
import { InterruptedError, UsageError } from './errors.js';

/** Hosts where plain http:// never leaves the machine. */
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;

function tildify(path: string, home: string | undefined): string {
  return home !== undefined && home !== '' && path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
}

/** A "no" to a host key or certificate question ends the command as a declined prompt (exit 130). */
function declineExits(ask: Asker): Asker {
  return {
    confirm: async (question) => {
      if (await ask.confirm(question)) return true;
      throw new InterruptedError('declined');
    },
    secret: (question) => ask.secret(question),
  };
}

/** What the ssh, stdio and https transports need from the CLI: environment, pins file, prompts, stderr. */
async function transportOptions(ctx: Omit<Ctx, 'client'>, ask: Asker | undefined): Promise<NonNullable<OpenClientDeps['transport']>> {
  const g = ctx.globals;
  const { xenctlPaths, expandHome } = await import('../config/paths.js');
  let knownTlsFile: string | undefined;
  try {
    knownTlsFile = xenctlPaths(ctx.env).knownTlsFile;
  } catch {
    knownTlsFile = undefined;
  }
  const identity = g.identity === undefined ? undefined : resolve(ctx.io.cwd ?? '.', expandHome(g.identity, ctx.env));
  return {
    env: ctx.env,
    ...(knownTlsFile === undefined ? {} : { knownTlsFile }),
    ...(identity === undefined ? {} : { identity }),
    ...(g.remoteCommand === undefined ? {} : { remoteCommand: g.remoteCommand }),
    ...(ask === undefined ? {} : { ask }),
    warn: (text) => void ctx.io.stderr.write(`xenctl: ${text}\n`),
    stderr: (text) => void ctx.io.stderr.write(text),
  };
}

export async function openConnection(ctx: Omit<Ctx, 'client'>): Promise<Connection> {
  const g = ctx.globals;
  const [{ resolveConnection }, { openClient }] = await Promise.all([
    import('../config/resolve.js'),
    import('../client/open.js'),
  ]);
  const conn = await resolveConnection({
    ...(g.url === undefined ? {} : { url: g.url }),
    ...(g.user === undefined ? {} : { user: g.user }),
    ...(g.passwordFile === undefined ? {} : { passwordFile: g.passwordFile }),
    ...(g.context === undefined ? {} : { context: g.context }),
    ...(g.ca === undefined ? {} : { ca: g.ca }),
    insecure: g.insecure,
    ...(g.protocol === undefined ? {} : { protocol: g.protocol }),
  }, ctx.env);
  const url = conn.url;
  // ssh-only flags are refused elsewhere rather than silently ignored (a habit carried over from another pool).
  const sshOnly = g.remoteCommand !== undefined ? '--remote-command' : g.identity !== undefined ? '--identity' : undefined;
  if (sshOnly !== undefined && url.kind !== 'ssh') {
    const { formatUrl } = await import('../config/url.js');
    throw new UsageError(`${sshOnly} applies to ssh:// URLs only; this command connects to ${formatUrl(url)}`);
  }
  if (url.kind === 'http' && !LOOPBACK.test(url.host)) {
    ctx.note(`the password goes unencrypted over http:// to ${url.host}: use https:// (xapi serves it on port 443)`);
  }
  if (url.kind === 'local' && conn.sources.url === 'default') {
    ctx.note(`using the embedded demo server at ${tildify(url.dir ?? '', ctx.env['HOME'])} (set --url or a context to manage a real pool)`);
  }
  const tty = canPrompt(ctx.io);
  const prompts = tty ? await import('./prompt.js') : undefined;
  const prompter = prompts?.terminalPrompter(ctx.io.promptOutput);
  const client = await openClient(conn, {
    model: ctx.model,
    isTTY: tty,
    ...(prompter === undefined ? {} : { prompter }),
    transport: await transportOptions(ctx, prompts === undefined || prompter === undefined ? undefined : declineExits({
      confirm: prompts.terminalConfirm(ctx.io.promptOutput),
      secret: (q) => prompter.password(q),
    })),
    ...(g.debug ? { debug: (text: string) => void ctx.io.stderr.write(`${text}\n`) } : {}),
    ...(ctx.io.signal === undefined ? {} : { signal: ctx.io.signal }),
    openLocal: async (dir) => (await import('./local-server.js')).openLocalServer(dir, ctx.model, ctx.io.pid ?? 0),
  });
  return { caller: client, close: () => client.close() };
}
