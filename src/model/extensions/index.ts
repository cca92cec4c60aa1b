// Every extension this project adds to the datamodel (INTERFACES.md, Extensions), declared by hand. They are marked
// `extension: true` in the model and absent from getModel({ extensions: false }).
import type { Extension } from './types.js';

export type { Extension, ExtField, ExtMessage, ExtParam, ExtParamAppend } from './types.js';

// VM extensions: profiles, placement requirements, VM.migrate, VM.simulate_crash, and VM.clone's customization parameter.
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
    {
      // The simulator's only crash path: an operator's or a test's way to see actions_after_crash and VM_CRASHED.
      cls: 'VM', name: 'simulate_crash',
      params: [{ name: 'vm', type: 'VM ref' }],
      result: 'void',
      errors: ['VM_BAD_POWER_STATE', 'VM_IS_TEMPLATE', 'OPERATION_NOT_ALLOWED', 'OTHER_OPERATION_IN_PROGRESS'],
      minRole: 'pool-admin', async: false,
      description: 'Make the running VM\'s domain crash (reference server only): its actions_after_crash then apply and a VM_CRASHED message is raised.',
    },
  ],
  appendParams: [
    { cls: 'VM', message: 'clone',
      params: [{ name: 'customization', type: '(string -> string) map', required: false }] },
  ],
};

// host extensions: capabilities used for placement, and the qualification checks.
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

// network extensions: link characteristics used for placement.
export const NETWORK_EXTENSION: Extension = {
  fields: [
    { cls: 'network', name: 'bandwidth', type: 'int', qualifier: 'RO/runtime', default: '0',
      description: 'Bandwidth of the network, in Mbit/s.' },
    { cls: 'network', name: 'latency', type: 'int', qualifier: 'RO/runtime', default: '0',
      description: 'Latency of the network, in ms.' },
  ],
  messages: [],
  appendParams: [],
};

// VDI extensions: reading one file of the guest filesystem.
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

// RBAC extensions (extension): server accounts of subjects, grants limited to some objects, and the audit log.
export const RBAC_EXTENSION: Extension = {
  fields: [],
  messages: [
    {
      cls: 'subject', name: 'set_password',
      params: [{ name: 'self', type: 'subject ref' }, { name: 'pwd', type: 'string' }],
      result: 'void', errors: [], minRole: 'pool-admin', async: false,
      description: 'Create or replace the server account (password login) of the subject\'s identifier.',
    },
    {
      cls: 'subject', name: 'add_scoped_role',
      params: [
        { name: 'self', type: 'subject ref' },
        { name: 'role', type: 'role ref' },
        { name: 'class', type: 'string' },
        { name: 'conditions', type: 'string set' },
      ],
      result: 'void', errors: ['ROLE_NOT_FOUND', 'INVALID_VALUE'], minRole: 'pool-admin', async: false,
      description: 'Grant a role only on the objects of a class that match every condition (field=value, ...).',
    },
    {
      cls: 'subject', name: 'remove_scoped_role',
      params: [{ name: 'self', type: 'subject ref' }, { name: 'role', type: 'role ref' }],
      result: 'void', errors: ['ROLE_NOT_FOUND'], minRole: 'pool-admin', async: false,
      description: 'Remove every scoped grant of the role from the subject.',
    },
    {
      cls: 'subject', name: 'get_scoped_roles',
      params: [{ name: 'self', type: 'subject ref' }],
      result: '(string -> string) map set', errors: [], minRole: 'read-only', async: false,
      description: 'The scoped grants of the subject: role, class, and the conditions one a line.',
    },
    {
      cls: 'pool', name: 'get_audit_records',
      params: [{ name: 'since', type: 'datetime' }],
      result: '(string -> string) map set', errors: [], minRole: 'pool-admin', async: false,
      description: 'The audit log from a time on: who called which method on which object, allowed or denied.',
    },
  ],
  appendParams: [],
};

export const EXTENSIONS: readonly Extension[] = [VM_EXTENSION, HOST_EXTENSION, NETWORK_EXTENSION, VDI_EXTENSION, RBAC_EXTENSION];
