// VM extensions: profiles, placement requirements, VM.migrate, and VM.clone's customization parameter.
import type { Extension } from './types.js';

export const VM_EXTENSION: Extension = {
  fields: [
    { cls: 'VM', name: 'profile', type: 'string set', qualifier: 'RW', setterRole: 'vm-admin', default: [],
      description: 'What the VM is for, e.g. "web server" or "dbms host".' },
    { cls: 'VM', name: 'requires_memory', type: 'int', qualifier: 'RW', setterRole: 'vm-admin', default: '0',
      description: 'Free host memory the VM needs, in bytes (0 means its memory_static_max).' },
    { cls: 'VM', name: 'requires_tpm', type: 'bool', qualifier: 'RW', setterRole: 'vm-admin', default: false,
      description: 'Whether the VM needs a host with a TPM.' },
    { cls: 'VM', name: 'requires_bandwidth', type: 'int', qualifier: 'RW', setterRole: 'vm-admin', default: '0',
      description: 'Network bandwidth the VM needs, in Mbit/s.' },
    { cls: 'VM', name: 'requires_cpu_features', type: 'string set', qualifier: 'RW', setterRole: 'vm-admin',
      default: [], description: 'CPU features the host must offer.' },
  ],
  messages: [
    {
      cls: 'VM', name: 'migrate',
      params: [
        { name: 'vm', type: 'VM ref' },
        { name: 'current', type: 'host ref' },
        { name: 'destination', type: 'host ref' },
        { name: 'test', type: 'bool' },
      ],
      result: 'bool',
      errors: ['VM_BAD_POWER_STATE', 'VM_NOT_RESIDENT_HERE', 'HOST_DISABLED', 'HOST_NOT_ENOUGH_FREE_MEMORY',
        'VM_REQUIRES_SR', 'VM_REQUIRES_NETWORK', 'VM_INCOMPATIBLE_WITH_THIS_HOST', 'VM_MIGRATE_FAILED'],
      minRole: 'vm-power-admin', async: true,
      description: 'Move a VM from its current host to another; with test, only say whether it could.',
    },
  ],
  appendParams: [
    { cls: 'VM', message: 'clone',
      params: [{ name: 'customization', type: '(string -> string) map', required: false }] },
  ],
};
