// Every extension, in the order they are merged into the model.
import { HOST_EXTENSION } from './host.js';
import { NETWORK_EXTENSION } from './network.js';
import { VDI_EXTENSION } from './vdi.js';
import { VM_EXTENSION } from './vm.js';
import type { Extension } from './types.js';

export type { Extension, ExtField, ExtMessage, ExtParam, ExtParamAppend } from './types.js';

export const EXTENSIONS: readonly Extension[] = [VM_EXTENSION, HOST_EXTENSION, NETWORK_EXTENSION, VDI_EXTENSION];
