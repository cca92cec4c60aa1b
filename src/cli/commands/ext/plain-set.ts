// `<noun> set` of an extension field on a plain xapi: a VM's profile becomes its tags `profile:VALUE` (profile=...,
// profile+=v, profile-=v); any other extension field cannot be kept there, and says so instead of answering with
// the server's MESSAGE_METHOD_UNKNOWN alone.
import type { XenValue } from '../../../model/types.js';
import { XenApiError } from '../../../model/errors.js';
import { ERR } from '../../../model/error-codes.js';
import type { Ctx } from '../../context.js';
import { noteFallback } from './detect.js';
import { CLS, F, XAPI } from './names.js';
import { profileTag, profilesFromTags } from './profile-tags.js';
import { strs } from './values.js';

export interface PlainCall {
  readonly method: string;
  readonly args: readonly XenValue[];
}

/** What `set` calls on a plain xapi for `cls.field op value` (value already typed), or throws NOT_IMPLEMENTED. */
export async function plainExtensionSet(ctx: Ctx, cls: string, field: string, ref: string, op: '=' | '+=' | '-=', value: XenValue): Promise<PlainCall[]> {
  if (cls !== CLS.vm || field !== F.profile) {
    throw new XenApiError(ERR.NOT_IMPLEMENTED, [`${cls}.set_${field}`, `${field} is a xenctl extension field; this server (plain xapi) has no such field`]);
  }
  noteFallback(ctx, "the profile is kept in the VM's tags 'profile:VALUE'");
  const add = (v: string): PlainCall => ({ method: XAPI.vmAddTags, args: [ref, profileTag(v)] });
  const remove = (v: string): PlainCall => ({ method: XAPI.vmRemoveTags, args: [ref, profileTag(v)] });
  if (op === '+=') return [add(String(value))];
  if (op === '-=') return [remove(String(value))];
  const wanted = strs(value);
  const tags = strs(await (await ctx.client()).call(XAPI.vmTags, [ref]));
  const held = profilesFromTags(tags);
  return [...held.filter((p) => !wanted.includes(p)).map(remove), ...wanted.filter((p) => !held.includes(p)).map(add)];
}
