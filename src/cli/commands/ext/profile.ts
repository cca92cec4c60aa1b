// `xenctl vm profile add|remove <vm> VALUE` and `xenctl vm profile list` (INTERFACES.md, Extensions): the VM
// profile field, kept in tags `profile:VALUE` on a server without the extension.
import type { XenStruct } from '../../../model/types.js';
import type { CommandSpec, ParsedArgs } from '../../spec.js';
import type { Ctx } from '../../context.js';
import { posString } from '../../spec.js';
import { UsageError } from '../../errors.js';
import { resolveSelector } from '../../select.js';
import { hasExtensions, noteFallback } from './detect.js';
import { CLS, EXT, SUGGESTED_PROFILES, XAPI } from './names.js';
import { isGuest, profileTag, profilesOf } from './profile-tags.js';
import { allRecords, nameOf } from './values.js';

const VM_POS = { name: 'vm', required: true, summary: 'the VM (name-label, uuid, uuid prefix or OpaqueRef)' } as const;
const VALUE_POS = { name: 'value', required: true, choices: SUGGESTED_PROFILES, liveValues: profilesOf, summary: `a profile: ${SUGGESTED_PROFILES.map((p) => `"${p}"`).join(', ')} or any other` } as const;

async function change(ctx: Ctx, args: ParsedArgs, add: boolean): Promise<void> {
  const value = posString(args, 'value') ?? '';
  if (value.trim() === '') throw new UsageError('a profile VALUE must not be empty');
  const cls = ctx.model.findClass(CLS.vm);
  if (cls === undefined) throw new UsageError('the model has no VM class');
  const vm = await resolveSelector(ctx, cls, posString(args, 'vm') ?? '');
  const client = await ctx.client();
  if (await hasExtensions(ctx)) {
    await client.call(add ? EXT.addProfile : EXT.removeProfile, [vm, value]);
    return;
  }
  noteFallback(ctx, `the profile is kept in the VM's tag '${profileTag(value)}'`);
  await client.call(add ? XAPI.vmAddTags : XAPI.vmRemoveTags, [vm, profileTag(value)]);
}

function changeCommand(add: boolean): CommandSpec {
  return {
    noun: 'vm',
    verb: add ? 'profile add' : 'profile remove',
    summary: add ? 'Give a VM a profile (what it is for)' : 'Take a profile from a VM',
    description:
      `Suggested profiles: ${SUGGESTED_PROFILES.map((p) => `"${p}"`).join(', ')}; any other value is accepted too.\n` +
      "Against a server without the xenctl extensions (real xapi) the profile is the VM's tag 'profile:VALUE'.",
    positionals: [VM_POS, VALUE_POS],
    flags: [],
    message: add ? EXT.addProfile : EXT.removeProfile,
    async run(ctx, args) {
      await change(ctx, args, add);
      return { kind: 'none' };
    },
  };
}

/** Suggested values first (in their order), then the others by name; each with the VMs that have it. */
export function profileRows(vms: ReadonlyMap<string, XenStruct>): XenStruct[] {
  const holders = new Map<string, string[]>(SUGGESTED_PROFILES.map((p) => [p, []]));
  for (const [ref, vm] of vms) {
    if (!isGuest(vm)) continue;
    for (const p of profilesOf(vm)) holders.set(p, [...(holders.get(p) ?? []), nameOf(vms, ref)]);
  }
  const others = [...holders.keys()].filter((p) => !SUGGESTED_PROFILES.includes(p)).sort();
  return [...SUGGESTED_PROFILES, ...others].map((p) => {
    const names = (holders.get(p) ?? []).sort();
    return { profile: p, suggested: SUGGESTED_PROFILES.includes(p), count: BigInt(names.length), VMs: names };
  });
}

const LIST_COMMAND: CommandSpec = {
  noun: 'vm',
  verb: 'profile list',
  summary: 'The profiles: the suggested ones and those in use, with the VMs that have each',
  description: "Against a server without the xenctl extensions (real xapi) profiles are read from the VMs' tags 'profile:VALUE'.",
  positionals: [],
  flags: [],
  message: XAPI.vmAllRecords,
  async run(ctx) {
    const ext = await hasExtensions(ctx);
    if (!ext) noteFallback(ctx, "profiles are read from the VMs' tags 'profile:VALUE'");
    const vms = await allRecords(await ctx.client(), XAPI.vmAllRecords);
    return { kind: 'rows', rows: profileRows(vms), view: { tableColumns: ['profile', 'suggested', 'count', 'VMs'] } };
  },
};

export const PROFILE_COMMANDS: readonly CommandSpec[] = [changeCommand(true), changeCommand(false), LIST_COMMAND];
