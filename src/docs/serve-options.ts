// serve's options, read from its usage text (serve parses its own line, so it has no flag specs).
import { SERVE_USAGE } from '../server/serve-options.js';

export interface ServeOption {
  readonly name: string;
  readonly metavar?: string;
  readonly summary: string;
}

export function serveOptions(): ServeOption[] {
  const out: ServeOption[] = [];
  for (const line of SERVE_USAGE.split('\n')) {
    const m = /^\s+(?:-\w, )?--([\w-]+)(?: ([A-Z][\w:]*))?\s{2,}(.*)$/.exec(line);
    const last = out.at(-1);
    if (m === null && last !== undefined && /^\s{20,}\S/.test(line)) {
      out[out.length - 1] = { ...last, summary: `${last.summary} ${line.trim()}` };
      continue;
    }
    if (m === null || m[1] === 'help') continue;
    out.push({ name: m[1] ?? '', ...(m[2] === undefined ? {} : { metavar: m[2] }), summary: m[3] ?? '' });
  }
  return out;
}
