// What a customization changes, as one unified diff per guest file (for --dry-run and reviews).
import { createTwoFilesPatch } from 'diff';
import type { GuestTree } from './types.js';
import { isText } from './apply.js';

export interface FileChange {
  readonly path: string;
  readonly kind: 'added' | 'removed' | 'changed';
  /** The unified diff (a one-line note for binary files). */
  readonly diff: string;
}

/** Private keys: a diff says that they change, never what they hold. */
const SECRET = /(_key|\.key|\.pem)$/;

export function treeChanges(before: GuestTree, after: GuestTree): FileChange[] {
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  const out: FileChange[] = [];
  for (const path of paths) {
    const a = before.get(path)?.data;
    const b = after.get(path)?.data;
    if (a !== undefined && b !== undefined && a.equals(b)) continue;
    const kind = a === undefined ? 'added' : b === undefined ? 'removed' : 'changed';
    const from = a === undefined ? '/dev/null' : `a${path}`;
    const to = b === undefined ? '/dev/null' : `b${path}`;
    const diff = SECRET.test(path)
      ? `--- ${from}\n+++ ${to}\n# ${path}: private key ${kind === 'changed' ? 'replaced' : kind} (content not shown)\n`
      : (a === undefined || isText(a)) && (b === undefined || isText(b))
      ? createTwoFilesPatch(from, to, a?.toString('utf8') ?? '', b?.toString('utf8') ?? '', undefined, undefined, { context: 3 })
        .replace(/^=+\n/m, '').replace(/^Index: .*\n/m, '')
      : `Binary files ${from} and ${to} differ\n`;
    out.push({ path, kind, diff });
  }
  return out;
}
