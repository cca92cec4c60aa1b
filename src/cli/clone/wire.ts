// The wire names `vm clone` and `vdi cat` call, in one place (extension names taken from the model's declarations).
import { VDI_EXTENSION } from '../../model/extensions/index.js';

const getFile = VDI_EXTENSION.messages[0];

export const W = Object.freeze({
  getFile: getFile === undefined ? 'VDI.get_file' : `${getFile.cls}.${getFile.name}`,
  vmClone: 'VM.clone',
  vmDestroy: 'VM.destroy',
  vmRecord: 'VM.get_record',
  vbdRecord: 'VBD.get_record',
  vdiDestroy: 'VDI.destroy',
  vifRecord: 'VIF.get_record',
  vifCreate: 'VIF.create',
  vifDestroy: 'VIF.destroy',
  vifConfigureIpv4: 'VIF.configure_ipv4',
});

export const CLASS = Object.freeze({ vm: 'VM', vdi: 'VDI', vif: 'VIF' });
export const F = Object.freeze({
  vbds: 'VBDs', vifs: 'VIFs', vdi: 'VDI', type: 'type', empty: 'empty', userdevice: 'userdevice', device: 'device', mac: 'MAC',
});
export const CD_TYPE = 'CD';
export const IPV4_STATIC = 'Static';
/** A ref no server holds: VDI.get_file on it tells an extended server (HANDLE_INVALID) from xapi (MESSAGE_METHOD_UNKNOWN). */
export const PROBE_REF = 'OpaqueRef:xenctl-extension-probe';
