// `xenctl vdi cat <vdi> <path>`: one file of the guest filesystem on a disk (VDI.get_file, an extension), as is.
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import type { CommandSpec } from '../spec.js';
import { posString } from '../spec.js';
import { UsageError } from '../errors.js';
import { resolveSelector } from '../select.js';

export const VDI_CAT_COMMAND: CommandSpec = {
  noun: 'vdi',
  verb: 'cat',
  summary: 'Print a file of the guest filesystem on a disk',
  positionals: [
    { name: 'vdi', required: true, summary: 'the disk (name-label, uuid, uuid prefix or OpaqueRef)' },
    { name: 'path', required: true, summary: 'absolute path of the file in the guest, e.g. /etc/hostname' },
  ],
  flags: [],
  message: 'VDI.get_file',
  async run(ctx, args) {
    const [{ W, CLASS }, { isText }] = await Promise.all([import('../clone/wire.js'), import('../../guest/apply.js')]);
    const cls = ctx.model.findClass(CLASS.vdi);
    if (cls === undefined) throw new UsageError('the model has no VDI class');
    const vdi = await resolveSelector(ctx, cls, posString(args, 'vdi') ?? '');
    let raw;
    try {
      raw = await (await ctx.client()).call(W.getFile, [vdi, posString(args, 'path') ?? '']);
    } catch (e) {
      if (e instanceof XenApiError && e.code === ERR.MESSAGE_METHOD_UNKNOWN) {
        throw new XenApiError(ERR.NOT_IMPLEMENTED, [W.getFile, 'this server has no xenctl guest extension (real xapi cannot read guest files)']);
      }
      if (e instanceof XenApiError && e.code === ERR.VDI_NOT_AVAILABLE) {
        ctx.io.stderr.write('xenctl: this disk holds no guest filesystem the server can read (blank disks, and disks not made from a demo guest, have none)\n');
      }
      throw e;
    }
    const data = Buffer.from(typeof raw === 'string' ? raw : '', 'base64');
    if (isText(data)) return { kind: 'text', text: data.toString('utf8') };
    // Binary content goes out byte for byte (process.stdout takes buffers; the io type only promises strings).
    (ctx.io.stdout as unknown as { write(chunk: Uint8Array): boolean }).write(data);
    return { kind: 'none' };
  },
};
