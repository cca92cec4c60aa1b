// `xenctl serve ...`: the reference server; its options are the server's own (passed through untouched).
import type { CommandSpec } from '../spec.js';

export const SERVE_COMMAND: CommandSpec = {
  noun: 'serve',
  summary: 'Run the reference XenAPI server (--listen, --unix, --stdio, --state, --tls, ...; see xenctl serve --help)',
  positionals: [{ name: 'option', required: false, variadic: true, summary: 'server options' }],
  flags: [],
  offline: true,
  passthrough: true,
  async run(ctx, args) {
    const rest = args.pos['option'];
    const argv = rest === undefined ? [] : typeof rest === 'string' ? [rest] : [...rest];
    const { runServe } = await import('../../server/serve.js');
    const code = await runServe(argv, ctx.io, ctx.env);
    return { kind: 'none', exitCode: code };
  },
};
