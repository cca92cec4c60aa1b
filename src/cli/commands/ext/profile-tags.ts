// A VM's profiles on either kind of server: the `profile` field (extension) or, on a plain xapi, the tags
// `profile:VALUE`. Reading takes both, so a VM tagged by hand shows its profile too.
import type { XenStruct } from '../../../model/types.js';
import { F, PROFILE_TAG_PREFIX } from './names.js';
import { strs } from './values.js';

export function profileTag(value: string): string {
  return `${PROFILE_TAG_PREFIX}${value}`;
}

export function profilesFromTags(tags: readonly string[]): string[] {
  return tags.filter((t) => t.startsWith(PROFILE_TAG_PREFIX)).map((t) => t.slice(PROFILE_TAG_PREFIX.length));
}

/** The VM's profile values: the field's members, then those kept in tags (each once). */
export function profilesOf(vm: XenStruct): string[] {
  return [...new Set([...strs(vm[F.profile]), ...profilesFromTags(strs(vm[F.tags]))])];
}

/** A VM the user manages (not a template, snapshot or control domain). */
export function isGuest(vm: XenStruct): boolean {
  return vm[F.isTemplate] !== true && vm[F.isSnapshot] !== true && vm[F.isControlDomain] !== true;
}
