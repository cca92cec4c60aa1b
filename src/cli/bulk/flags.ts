// The flags of a verb applied with --where (kept apart so the generated verbs load no bulk code).
import type { FlagSpec } from '../spec.js';

/** The flags every verb that acts on an <obj> takes for --where. */
export const BULK_FLAGS: readonly FlagSpec[] = Object.freeze([
  { name: 'multiple', kind: 'bool', summary: 'with --where: act on every matching object (needed when several match)' },
  { name: 'parallel', kind: 'string', metavar: 'N', summary: 'with --where --multiple: at most N objects at a time (default 1)' },
  { name: 'continue-on-error', kind: 'bool', summary: 'with --where --multiple: go on after a failure (default: stop starting new ones)' },
]);
