// The datamodel: getModel() and the helpers every layer uses.
import { buildModel } from './build.js';
import { EXTENSIONS } from './extensions/index.js';
import { CLASS_JSON, HEAD } from './generated/datamodel.js';
import { ModelError, enumProblems } from './validate.js';
import type { CClass, CompactSource } from './compact.js';
import type { MessageDef, Model } from './types.js';

export type * from './types.js';
export { ROLES } from './types.js';
export { XenApiError } from './errors.js';
export { ERR } from './error-codes.js';
export type { ErrorCode } from './error-codes.js';
export { parseType, formatType, TypeSpellingError } from './parse-type.js';
export { NULL_REF, zeroValue } from './values.js';
export { rolesAtLeast, isAllowed, leastRole, CLIENT_CERT_ROLE } from './roles.js';
export { validateModel, modelProblems, ModelError } from './validate.js';
export { EVENT_BATCH, EVENT_BATCH_FIELDS } from './parse-type.js';

/** `VM.start`; the Async twin is `Async.VM.start`. */
export function wireName(msg: MessageDef): string {
  return `${msg.cls}.${msg.name}`;
}

/** The generated data, each class's JSON parsed when the class is first built. */
function generatedSource(): CompactSource {
  return { head: HEAD, classData: (i) => JSON.parse(CLASS_JSON[i]!) as CClass };
}

// Memo of the two possible models (with and without extensions); each is built once, on first use.
const memo = new Map<boolean, Model>();

export function getModel(opts: { readonly extensions?: boolean } = {}): Model {
  const ext = opts.extensions ?? true;
  let m = memo.get(ext);
  if (m === undefined) {
    m = buildModel(generatedSource(), ext ? EXTENSIONS : undefined);
    // Classes are checked as they are built; enums are cheap enough to check now.
    const problems = enumProblems(m.enums.values());
    if (problems.length > 0) throw new ModelError(problems);
    memo.set(ext, m);
  }
  return m;
}
