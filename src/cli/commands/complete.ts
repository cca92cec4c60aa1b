// The hidden `__complete` command (its logic is in ../complete.ts, loaded on use: it reads the registry).
import type { CommandSpec } from '../spec.js';

export const COMPLETE_COMMAND: CommandSpec = {
  noun: '__complete',
  summary: 'Shell completion backend: candidates for the last word, one a line',
  positionals: [{ name: 'word', required: false, variadic: true, summary: 'the line so far; the last word is the one being completed' }],
  flags: [],
  offline: true,
  passthrough: true,
  hidden: true,
  async run(ctx, args) {
    const raw = args.pos['word'];
    const words = raw === undefined ? [] : typeof raw === 'string' ? [raw] : [...raw];
    const current = words.pop() ?? '';
    const { complete } = await import('../complete.js');
    const list = complete(ctx.model, words, current);
    return { kind: 'text', text: list.length === 0 ? '' : `${list.join('\n')}\n` };
  },
};
