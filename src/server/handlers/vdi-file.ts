// VDI.get_file (extension): one file of the guest filesystem on a disk, base64-encoded, for `xenctl vdi cat`.
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import type { Handler } from '../context.js';
import { GuestPathError, guestPath } from '../../guest/paths.js';
import { vdiUuid } from '../guest/hooks.js';
import { record } from '../sim/links.js';
import { str } from '../sim/values.js';
import { GUEST_CLASSES, GUEST_MESSAGES } from '../guest/wire-names.js';
const PATH_PARAM = 'path';

export function vdiFileHandlers(): ReadonlyMap<string, Handler> {
  const h = new Map<string, Handler>();
  h.set(GUEST_MESSAGES.vdiGetFile, (call, [vdi, path]) => {
    const ref = str(vdi);
    record(call.server, GUEST_CLASSES.vdi, ref);
    const p = str(path);
    try {
      guestPath(p);
    } catch (e) {
      if (e instanceof GuestPathError) throw new XenApiError(ERR.VALUE_NOT_SUPPORTED, [PATH_PARAM, p, e.message]);
      throw e;
    }
    const uuid = vdiUuid(call.server, ref);
    if (uuid === undefined || !call.server.guestFs.has(uuid)) throw new XenApiError(ERR.VDI_NOT_AVAILABLE, [ref]);
    let file;
    try {
      file = call.server.guestFs.readFile(uuid, p);
    } catch (e) {
      if (e instanceof GuestPathError) throw new XenApiError(ERR.VALUE_NOT_SUPPORTED, [PATH_PARAM, p, e.message]);
      throw e;
    }
    if (file === undefined) throw new XenApiError(ERR.VALUE_NOT_SUPPORTED, [PATH_PARAM, p, 'no such file in the guest filesystem']);
    return file.data.toString('base64');
  });
  return h;
}
