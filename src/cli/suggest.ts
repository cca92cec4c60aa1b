// "Did you mean": the closest known names by edit distance (optimal string alignment).

export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur: number[] = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (prev2[j - 2] ?? 0) + 1);
      cur.push(d);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n] ?? 0;
}

/** Up to three candidates close to `word` (a prefix also counts), best first. */
export function closest(word: string, candidates: Iterable<string>): string[] {
  const w = word.toLowerCase().replace(/^-+/, '');
  const limit = Math.max(1, Math.min(3, Math.floor(w.length / 3)));
  const scored: Array<{ c: string; d: number }> = [];
  for (const c of candidates) {
    const lc = c.toLowerCase().replace(/^-+/, '');
    const d = lc.startsWith(w) && w.length >= 3 ? 0.5 : editDistance(w, lc);
    if (d <= limit) scored.push({ c, d });
  }
  scored.sort((x, y) => x.d - y.d || x.c.localeCompare(y.c));
  const best = scored[0]?.d ?? 0;
  return [...new Set(scored.filter((s) => s.d <= Math.max(best, 1)).map((s) => s.c))].slice(0, 3);
}

/** ` (did you mean 'x'?)` or the empty string. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const near = closest(word, candidates);
  if (near.length === 0) return '';
  return ` (did you mean ${near.map((c) => `'${c}'`).join(' or ')}?)`;
}
