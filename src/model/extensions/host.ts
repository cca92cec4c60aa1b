// host extensions: capabilities used for placement, and the qualification checks.
import type { Extension } from './types.js';

export const HOST_EXTENSION: Extension = {
  fields: [
    { cls: 'host', name: 'memory_total', type: 'int', qualifier: 'RO/runtime', default: '0',
      description: 'Total memory of the host, in bytes.' },
    { cls: 'host', name: 'memory_free', type: 'int', qualifier: 'RO/runtime', default: '0',
      description: 'Free memory of the host, in bytes.' },
    { cls: 'host', name: 'cpu_count', type: 'int', qualifier: 'RO/runtime', default: '0',
      description: 'Number of physical CPUs.' },
    { cls: 'host', name: 'cpu_features', type: 'string set', qualifier: 'RO/runtime', default: [],
      description: 'CPU features the host offers.' },
    { cls: 'host', name: 'tpm', type: 'bool', qualifier: 'RO/runtime', default: false,
      description: 'Whether the host has a TPM.' },
    { cls: 'host', name: 'bandwidth', type: 'int', qualifier: 'RO/runtime', default: '0',
      description: 'Bandwidth of the fastest PIF of the host, in Mbit/s.' },
  ],
  messages: [
    {
      cls: 'host', name: 'qualify',
      params: [{ name: 'vm', type: 'VM ref' }, { name: 'host', type: 'host ref' }],
      result: 'bool', errors: [], minRole: 'read-only', async: false,
      description: 'Whether the host meets every requirement of the VM.',
    },
    {
      cls: 'host', name: 'get_qualification',
      params: [{ name: 'vm', type: 'VM ref' }, { name: 'host', type: 'host ref' }],
      result: '(string -> string) map', errors: [], minRole: 'read-only', async: false,
      description: 'The outcome of each placement check of the VM on the host ("pass" or "fail: ...").',
    },
  ],
  appendParams: [],
};
