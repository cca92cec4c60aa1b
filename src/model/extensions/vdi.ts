// VDI extensions: reading one file of the guest filesystem.
import type { Extension } from './types.js';

export const VDI_EXTENSION: Extension = {
  fields: [],
  messages: [
    {
      cls: 'VDI', name: 'get_file',
      params: [{ name: 'vdi', type: 'VDI ref' }, { name: 'path', type: 'string' }],
      result: 'string', errors: ['VDI_NOT_AVAILABLE'], minRole: 'vm-admin', async: false,
      description: 'The content of a file of the guest filesystem on the disk, base64-encoded.',
    },
  ],
  appendParams: [],
};
