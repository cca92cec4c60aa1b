// `xenctl context add|use|list|show|remove`: named connections in $XDG_CONFIG_HOME/xenctl/config.yaml.
import type { XenStruct } from '../../model/types.js';
import type { Context, ContextEntry } from '../../config/contexts.js';
import type { CommandSpec, FlagSpec } from '../spec.js';
import { flagString, posString } from '../spec.js';
import type { Ctx } from '../context.js';

async function configFile(ctx: Ctx): Promise<string> {
  const { xenctlPaths } = await import('../../config/paths.js');
  return xenctlPaths(ctx.env).configFile;
}

/**
 * The config file a change goes to. With --dry-run, a scratch copy: the change is checked and shown as usual, and
 * the real file is left as it was.
 */
async function changedConfig<T>(ctx: Ctx, change: (file: string) => Promise<T>): Promise<T> {
  const file = await configFile(ctx);
  if (!ctx.globals.dryRun) return change(file);
  const [{ copyFile, mkdtemp, rm }, { tmpdir }, { join }] = await Promise.all([import('node:fs/promises'), import('node:os'), import('node:path')]);
  const dir = await mkdtemp(join(tmpdir(), 'xenctl-dry-run-'));
  try {
    const scratch = join(dir, 'config.yaml');
    await copyFile(file, scratch).catch((e: unknown) => {
      if (!(e instanceof Error && 'code' in e && e.code === 'ENOENT')) throw e;
    });
    const result = await change(scratch);
    ctx.note(`dry run: ${file} is left unchanged`);
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function contexts(): Promise<typeof import('../../config/contexts.js')> {
  return import('../../config/contexts.js');
}

function recordOf(e: ContextEntry): XenStruct {
  const c = e.context;
  return {
    name: e.name,
    current: e.current,
    url: c.url,
    user: c.user ?? '',
    password_file: c.passwordFile ?? '',
    ca: c.ca ?? '',
    insecure: c.insecure ?? false,
    protocol: c.protocol ?? 'auto',
  };
}

const NAME = { name: 'name', required: true, summary: 'context name' } as const;

const ADD_FLAGS: readonly FlagSpec[] = [
  { name: 'url', kind: 'string', metavar: 'URL', required: true, summary: 'server URL' },
  { name: 'user', short: 'u', kind: 'string', metavar: 'NAME', summary: 'user name' },
  { name: 'password-file', kind: 'string', metavar: 'FILE', summary: 'file holding the password' },
  { name: 'ca', kind: 'string', metavar: 'FILE', summary: 'CA certificate to trust' },
  { name: 'insecure', kind: 'bool', summary: 'do not verify TLS certificates' },
  { name: 'protocol', kind: 'string', metavar: 'P', choices: ['auto', 'jsonrpc', 'xmlrpc'], summary: 'wire protocol' },
  { name: 'use', kind: 'bool', summary: 'make it the current context' },
  { name: 'replace', kind: 'bool', summary: 'replace a context of the same name' },
];

export const CONTEXT_COMMANDS: readonly CommandSpec[] = [
  {
    noun: 'context',
    verb: 'add',
    summary: 'Save a named connection (URL, user, password file, TLS settings)',
    positionals: [NAME],
    flags: ADD_FLAGS,
    offline: true,
    async run(ctx, args) {
      const { addContext, isProtocol } = await contexts();
      const protocol = flagString(args, 'protocol');
      const user = flagString(args, 'user');
      const passwordFile = flagString(args, 'password-file');
      const ca = flagString(args, 'ca');
      const context: Context = {
        url: flagString(args, 'url') ?? '',
        ...(user === undefined ? {} : { user }),
        ...(passwordFile === undefined ? {} : { passwordFile }),
        ...(ca === undefined ? {} : { ca }),
        ...(args.flags['insecure'] === true ? { insecure: true } : {}),
        ...(protocol !== undefined && isProtocol(protocol) ? { protocol } : {}),
      };
      const entry = await changedConfig(ctx, (file) => addContext(file, posString(args, 'name') ?? '', context, {
        use: args.flags['use'] === true,
        replace: args.flags['replace'] === true,
        ...(ctx.io.cwd === undefined ? {} : { cwd: ctx.io.cwd }),
      }));
      return { kind: 'record', record: recordOf(entry) };
    },
  },
  {
    noun: 'context',
    verb: 'use',
    summary: 'Make a context the current one',
    positionals: [NAME],
    flags: [],
    offline: true,
    async run(ctx, args) {
      const { useContext } = await contexts();
      const entry = await changedConfig(ctx, (file) => useContext(file, posString(args, 'name') ?? ''));
      ctx.note(`${ctx.globals.dryRun ? 'would be ' : 'now '}using context ${entry.name} (${entry.context.url})`);
      return { kind: 'none' };
    },
  },
  {
    noun: 'context',
    verb: 'list',
    summary: 'List saved contexts',
    positionals: [],
    flags: [],
    offline: true,
    async run(ctx) {
      const list = await (await contexts()).listContexts(await configFile(ctx));
      return { kind: 'rows', rows: list.map(recordOf), view: { tableColumns: ['name', 'current', 'url', 'user'] } };
    },
  },
  {
    noun: 'context',
    verb: 'show',
    summary: 'Show a context (the current one by default)',
    positionals: [{ name: 'name', required: false, summary: 'context name' }],
    flags: [],
    offline: true,
    async run(ctx, args) {
      const name = posString(args, 'name');
      return { kind: 'record', record: recordOf(await (await contexts()).showContext(await configFile(ctx), name)) };
    },
  },
  {
    noun: 'context',
    verb: 'remove',
    summary: 'Remove a context',
    positionals: [NAME],
    flags: [],
    offline: true,
    async run(ctx, args) {
      const { removeContext } = await contexts();
      const entry = await changedConfig(ctx, (file) => removeContext(file, posString(args, 'name') ?? ''));
      ctx.note(`${ctx.globals.dryRun ? 'would remove' : 'removed'} context ${entry.name}`);
      return { kind: 'none' };
    },
  },
];
