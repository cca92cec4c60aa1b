// Opens the connection a command needs: resolve flags/env/context, then the client layer's openClient.
// `local:` starts the embedded reference server in-process (imported only on that path).
import type { Ctx } from './context.js';
import type { Connection } from './main.js';

function tildify(path: string, home: string | undefined): string {
  return home !== undefined && home !== '' && path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
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
  if (url.kind === 'local' && conn.sources.url === 'default') {
    ctx.note(`using the embedded demo server at ${tildify(url.dir ?? '', ctx.env['HOME'])} (set --url or a context to manage a real pool)`);
  }
  const tty = ctx.io.isTTY.stdin && ctx.io.isTTY.stderr;
  const client = await openClient(conn, {
    model: ctx.model,
    isTTY: tty,
    ...(tty ? { prompter: (await import('./prompt.js')).terminalPrompter(ctx.io.promptOutput) } : {}),
    ...(g.debug ? { debug: (text: string) => void ctx.io.stderr.write(`${text}\n`) } : {}),
    ...(ctx.io.signal === undefined ? {} : { signal: ctx.io.signal }),
    openLocal: async (dir) => (await import('./local-server.js')).openLocalServer(dir, ctx.model, ctx.io.pid ?? 0),
  });
  return { caller: client, close: () => client.close() };
}
