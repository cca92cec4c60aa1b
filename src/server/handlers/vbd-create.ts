// VBD.create as xapi does it: userdevice "autodetect" becomes the VM's lowest free device number, and a
// userdevice the VM already uses is DEVICE_ALREADY_EXISTS (xapi checks both under one lock, as this single thread does).
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import { isStruct } from '../../model/values.js';
import type { Handler } from '../context.js';
import { serveImplicit } from '../implicit.js';
import { str, strList } from '../sim/values.js';

const VBD = 'VBD';
const AUTODETECT = 'autodetect';
const VBD_DEVICES = 16;

export function vbdCreateHandlers(): ReadonlyMap<string, Handler> {
  return new Map<string, Handler>([[`${VBD}.create`, (call, args) => {
    const rec = args[0];
    if (!isStruct(rec)) return serveImplicit(call, args);
    const vm = call.server.store.get('VM', str(rec['VM']));
    if (vm === undefined) return serveImplicit(call, args);
    const used = strList(vm['VBDs']).map((v) => str(call.server.store.get(VBD, v)?.['userdevice']));
    let userdevice = str(rec['userdevice']);
    if (userdevice === AUTODETECT) {
      const free = Array.from({ length: VBD_DEVICES }, (_, i) => String(i)).find((d) => !used.includes(d));
      if (free !== undefined) userdevice = free;
    } else if (used.includes(userdevice)) {
      throw new XenApiError(ERR.DEVICE_ALREADY_EXISTS, [userdevice]);
    }
    return serveImplicit(call, [{ ...rec, userdevice }, ...args.slice(1)]);
  }]]);
}
