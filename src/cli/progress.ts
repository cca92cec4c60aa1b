// A one-line progress bar on a terminal's stderr (`VM.start 40% [########------------]`), erased when the call
// ends. The bar is left out when the terminal is too narrow for it.
import type { Ctx } from './context.js';

export interface Progress {
  update(fraction: number): void;
  done(): void;
}

const BAR = 24;

export function progressLine(ctx: Pick<Ctx, 'io'>, what: string): Progress {
  let shown = false;
  return {
    update(fraction: number) {
      const pct = Math.max(0, Math.min(100, Math.round(fraction * 100)));
      const text = `${what} ${pct}%`;
      const fits = ctx.io.columns >= text.length + BAR + 4;
      const filled = Math.round((pct / 100) * BAR);
      const bar = fits ? ` [${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}]` : '';
      ctx.io.stderr.write(`\r\u001b[K${text}${bar}`);
      shown = true;
    },
    done() {
      if (shown) ctx.io.stderr.write('\r\u001b[K');
    },
  };
}
