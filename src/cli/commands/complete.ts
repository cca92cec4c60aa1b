// The hidden `__complete` command: candidates for the last word, from the specs, plus the names of live objects
// when the word names one (../complete-live.ts: short deadline, small cache). Never fails: a shell is waiting.
import type { CommandSpec } from '../spec.js';

/** The word as the shell shows it (`Pool-wide\\ net`, `'Pool-wide net`) -> the text it stands for. */
export function unquote(word: string): string {
  return word.replace(/^['"]/, '').replace(/\\(.)/g, '$1');
}

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
    const current = unquote(words.pop() ?? '');
    const { complete, objectSlot, valueSlot } = await import('../complete.js');
    let list: string[] = [];
    try {
      list = complete(ctx.model, words, current);
      const cls = objectSlot(ctx.model, words);
      if (cls !== undefined) {
        const { liveCandidates } = await import('../complete-live.js');
        list = [...new Set([...list, ...(await liveCandidates(ctx, cls, words, current, Date.now()))])];
      }
      const slot = valueSlot(ctx.model, words);
      if (slot?.pos.liveValues !== undefined) {
        const { liveValues } = await import('../complete-live.js');
        list = [...new Set([...list, ...(await liveValues(ctx, slot.cls, slot.pos.name, slot.pos.liveValues, words, current, Date.now()))])];
      }
    } catch {
      // Nothing to offer rather than an error in the middle of the user's line.
    }
    return { kind: 'text', text: list.length === 0 ? '' : `${list.join('\n')}\n` };
  },
};
