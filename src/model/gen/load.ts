// The committed generated data as one CompactModel (for tests and tools; the model itself parses classes lazily).
import { CLASS_JSON, HEAD } from '../generated/datamodel.js';
import type { CClass, CompactModel } from '../compact.js';

export function generatedCompact(): CompactModel {
  const { classNames: _names, ...rest } = HEAD;
  return { ...rest, classes: CLASS_JSON.map((j) => JSON.parse(j) as CClass) };
}
