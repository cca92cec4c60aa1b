// `xenctl vm clone <vm> <new-name> [--customize [spec.yaml]] [inline flags]`: builds the customization (spec file,
// flags, or the wizard), checks it locally, then clones — with the extension through VM.clone's customization map,
// on plain xapi through XenAPI's own setters. --dry-run shows a diff per guest file and changes nothing.
import { resolve } from 'node:path';
import type { XenValue } from '../../model/types.js';
import type { CommandResult, ParsedArgs } from '../spec.js';
import { posString } from '../spec.js';
import type { Caller, Ctx } from '../context.js';
import { InterruptedError, UsageError } from '../errors.js';
import { resolveSelector } from '../select.js';
import { canPrompt } from '../prompt.js';
import { writeOut } from '../io.js';
import { created } from '../generic/create.js';
import { progressLine } from '../progress.js';
import { taskStopOptions } from '../interrupt.js';
import { parseCustomization, type Customization } from '../../guest/parse.js';
import { applyFlags } from './flags.js';
import { emptySpec, isEmpty, readSpecFile, type CloneSpec } from './spec.js';
import { toCustomizationMap } from './to-map.js';
import { hasGuestExtension } from './guest-read.js';
import { previewClone } from './preview.js';
import { clonePlain, guestOnlyKeys, plainSteps, refuseGuestParts } from './plain.js';
import { confirmClone, runWizard } from './wizard.js';
import { CLASS, W } from './wire.js';
import { noteFallback } from '../commands/ext/detect.js';

const MACHINE_FORMATS = new Set(['json', 'ndjson', 'xml']);

async function cloneCall(ctx: Ctx, client: Caller, args: readonly XenValue[]): Promise<string> {
  const progress = ctx.io.isTTY.stderr && !ctx.globals.quiet && client.callAsync !== undefined ? progressLine(ctx, W.vmClone) : undefined;
  try {
    const ref = client.callAsync === undefined
      ? await client.call(W.vmClone, args)
      : await client.callAsync(W.vmClone, args, {
        ...(progress === undefined ? {} : { onProgress: progress.update }),
        ...taskStopOptions(ctx),
      });
    return typeof ref === 'string' ? ref : '';
  } finally {
    progress?.done();
  }
}

const PLAIN_STEPS = `${W.vmClone}, then XenAPI's own calls for the MACs and IPv4 settings (${W.vifCreate}, ${W.vifConfigureIpv4})`;

/** The spec from the file, the flags and (a person at the keyboard, no file) the wizard. `guest` tells whether the
 * server can customize the guest's files: on plain xapi the wizard asks only what XenAPI can set, saying so first. */
async function gather(ctx: Ctx, args: ParsedArgs, newName: string, guest: () => Promise<boolean>): Promise<{ spec: CloneSpec; wizard: boolean }> {
  const cwd = ctx.io.cwd ?? '.';
  const file = posString(args, 'spec');
  const customize = args.flags['customize'] === true;
  if (file !== undefined && !customize) throw new UsageError(`unexpected argument '${file}' (a spec file follows --customize)`);
  const spec = file === undefined ? emptySpec() : await readSpecFile(resolve(cwd, file));
  applyFlags(spec, args, cwd);
  const wizard = customize && file === undefined;
  if (!wizard) return { spec, wizard };
  if (!canPrompt(ctx.io)) {
    throw new UsageError('--customize without a spec file asks its questions on a terminal; give a spec.yaml (see xenctl vm clone --help)');
  }
  const files = await guest();
  if (!files) noteFallback(ctx, `only the MACs and IPv4 settings can be customized (${W.vmClone}, then ${W.vifCreate} and ${W.vifConfigureIpv4})`);
  return { spec: await runWizard(ctx.io.promptOutput, cwd, newName, spec, files), wizard };
}

async function show(ctx: Ctx, text: string): Promise<void> {
  await writeOut(MACHINE_FORMATS.has(ctx.format) ? ctx.io.stderr : ctx.io.stdout, text);
}

export async function runClone(ctx: Ctx, args: ParsedArgs): Promise<CommandResult> {
  const newName = posString(args, 'new-name') ?? '';
  const vmClass = ctx.model.findClass(CLASS.vm);
  if (vmClass === undefined) throw new UsageError('the model has no VM class');
  const vm = await resolveSelector(ctx, vmClass, posString(args, 'vm') ?? '');
  const client = await ctx.client();
  let probed: Promise<boolean> | undefined;
  const guest = (): Promise<boolean> => (probed ??= hasGuestExtension(client));
  const { spec, wizard } = await gather(ctx, args, newName, guest);
  const map = isEmpty(spec) ? {} : await toCustomizationMap(spec);
  const custom: Customization = parseCustomization(map);
  const empty = Object.keys(map).length === 0;
  const extended = !empty && (await guest());
  if (!empty && !extended) {
    refuseGuestParts(guestOnlyKeys(map, custom));
    if (!wizard) noteFallback(ctx, PLAIN_STEPS);
    if (ctx.globals.dryRun) {
      await show(ctx, plainSteps(custom));
      await client.call(W.vmClone, [vm, newName]);
      return { kind: 'none' };
    }
    if (wizard) {
      ctx.io.stderr.write(plainSteps(custom) || `# nothing to set after ${W.vmClone}\n`);
      if (!(await confirmClone(ctx.io.promptOutput, `Clone ${posString(args, 'vm') ?? vm} as ${newName} with these changes?`))) {
        throw new InterruptedError('declined');
      }
    }
    return created(ctx, CLASS.vm, await clonePlain(client, vm, newName, custom));
  }
  if (ctx.globals.dryRun || wizard) {
    const preview = empty ? '' : await previewClone(client, vm, custom);
    if (ctx.globals.dryRun) {
      await show(ctx, preview);
      await client.call(W.vmClone, empty ? [vm, newName] : [vm, newName, map]);
      return { kind: 'none' };
    }
    ctx.io.stderr.write(preview);
    if (!(await confirmClone(ctx.io.promptOutput, `Clone ${posString(args, 'vm') ?? vm} as ${newName} with these changes?`))) {
      throw new InterruptedError('declined');
    }
  }
  return created(ctx, CLASS.vm, await cloneCall(ctx, client, empty ? [vm, newName] : [vm, newName, map]));
}
