// Selectors: how `<obj>` and Ref flags name an object — OpaqueRef, uuid, name-label, or a uuid prefix (6+).
import type { ClassDef, XenStruct, XenValue } from '../model/types.js';
import { XenApiError } from '../model/errors.js';
import type { Ctx } from './context.js';
import { AmbiguousError, NotFoundError, type Candidate } from './errors.js';
import { implicitMessage, nounOf, wireOf } from './generic/names.js';
import { FIELD_NAMES, REF_PREFIX, SUBJECT_NAME_KEY } from './wire-names.js';
import { canPrompt } from './prompt.js';
import { isStruct } from '../model/values.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_PREFIX = /^[0-9a-f][0-9a-f-]{5,}$/i;

function refList(v: XenValue): string[] {
  return Array.isArray(v) ? (v as readonly XenValue[]).filter((x): x is string => typeof x === 'string') : [];
}

function candidateOf(ref: string, record: XenStruct | undefined): Candidate {
  const uuid = record?.[FIELD_NAMES.uuid];
  const name = record?.[FIELD_NAMES.nameLabel];
  return { ref, uuid: typeof uuid === 'string' ? uuid : ref, ...(typeof name === 'string' ? { name } : {}) };
}

async function pick(ctx: Ctx, cls: ClassDef, selector: string, candidates: readonly Candidate[]): Promise<string> {
  const noun = nounOf(cls.name);
  if (ctx.choose !== undefined && canPrompt(ctx.io)) {
    const chosen = await ctx.choose(noun, selector, candidates);
    if (chosen !== undefined) return chosen.ref;
  }
  throw new AmbiguousError(noun, selector, candidates);
}

async function byUuid(ctx: Ctx, cls: ClassDef, uuid: string): Promise<string | undefined> {
  const msg = implicitMessage(cls, 'get_by_uuid');
  if (msg === undefined) return undefined;
  try {
    const ref = await (await ctx.client()).call(wireOf(msg), [uuid]);
    return typeof ref === 'string' ? ref : undefined;
  } catch (e) {
    if (e instanceof XenApiError) return undefined;
    throw e;
  }
}

async function records(ctx: Ctx, cls: ClassDef, refs: readonly string[]): Promise<Candidate[]> {
  const msg = implicitMessage(cls, 'get_record');
  const client = await ctx.client();
  const out: Candidate[] = [];
  for (const ref of refs) {
    const rec = msg === undefined ? undefined : await client.call(wireOf(msg), [ref]);
    out.push(candidateOf(ref, isStruct(rec) ? rec : undefined));
  }
  return out;
}

/** The names a record goes by in lists: its name-label, or a subject's identifier and subject-name. */
export function shownNames(rec: XenStruct): string[] {
  const other = rec[FIELD_NAMES.otherConfig];
  const names = [rec[FIELD_NAMES.nameLabel], rec[FIELD_NAMES.subjectIdentifier], isStruct(other) ? other[SUBJECT_NAME_KEY] : undefined];
  return names.filter((n): n is string => typeof n === 'string' && n !== '');
}

/** Finds the one object of `cls` a selector names; throws NotFoundError or AmbiguousError (exit 1). */
export async function resolveSelector(ctx: Ctx, cls: ClassDef, selector: string): Promise<string> {
  if (selector.startsWith(REF_PREFIX)) return selector;
  if (UUID.test(selector)) {
    const ref = await byUuid(ctx, cls, selector);
    if (ref !== undefined) return ref;
  }
  const byName = implicitMessage(cls, 'get_by_name_label');
  if (byName !== undefined && selector !== '') {
    const refs = refList(await (await ctx.client()).call(wireOf(byName), [selector]));
    if (refs.length === 1 && refs[0] !== undefined) return refs[0];
    if (refs.length > 1) return pick(ctx, cls, selector, await records(ctx, cls, refs));
  }
  const all = implicitMessage(cls, 'get_all_records');
  // A class without get_by_name_label (pool, subject) is still named the way its list shows it.
  const byShownName = byName === undefined && selector !== '';
  if ((UUID_PREFIX.test(selector) || byShownName) && all !== undefined) {
    const map = await (await ctx.client()).call(wireOf(all), []);
    const prefix = selector.toLowerCase();
    const named: Candidate[] = [];
    const hits: Candidate[] = [];
    if (isStruct(map)) {
      for (const [ref, rec] of Object.entries(map)) {
        if (!isStruct(rec)) continue;
        const uuid = rec[FIELD_NAMES.uuid];
        if (byShownName && shownNames(rec).includes(selector)) named.push(candidateOf(ref, rec));
        if (UUID_PREFIX.test(selector) && typeof uuid === 'string' && uuid.toLowerCase().startsWith(prefix)) hits.push(candidateOf(ref, rec));
      }
    }
    for (const found of [named, hits]) {
      if (found.length === 1 && found[0] !== undefined) return found[0].ref;
      if (found.length > 1) return pick(ctx, cls, selector, found);
    }
  }
  throw new NotFoundError(nounOf(cls.name), selector);
}

/** A resolver for values.ts: selectors for any class the model knows. */
export function refResolver(ctx: Ctx): (cls: string, selector: string) => Promise<string> {
  return async (clsName, selector) => {
    const cls = ctx.model.findClass(clsName);
    if (cls === undefined || selector.startsWith(REF_PREFIX)) return selector;
    return resolveSelector(ctx, cls, selector);
  };
}
