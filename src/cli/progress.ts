// A one-line progress report on a terminal's stderr (`VM.start 40%`), erased when the call ends.
import type { Ctx } from './context.js';

export interface Progress {
  update(fraction: number): void;
  done(): void;
}

export function progressLine(ctx: Pick<Ctx, 'io'>, what: string): Progress {
  let shown = false;
  return {
    update(fraction: number) {
      const pct = Math.max(0, Math.min(100, Math.round(fraction * 100)));
      ctx.io.stderr.write(`\r\u001b[K${what} ${pct}%`);
      shown = true;
    },
    done() {
      if (shown) ctx.io.stderr.write('\r\u001b[K');
    },
  };
}
