// Default columns of `list` in a table, per class (CLI spellings; the self-test checks each names a field).
// Ref columns show the referenced object's name; sizes are humanised on a TTY.
import type { ClassDef, FieldDef } from '../../model/types.js';
import type { Unit } from '../../render/types.js';
import { findFieldLoose } from './names.js';

export const DEFAULT_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  vm: ['name-label', 'power-state', 'resident-on', 'memory-static-max', 'VCPUs-max', 'profile'],
  host: ['name-label', 'address', 'enabled', 'memory-total', 'cpu-count'],
  network: ['name-label', 'bridge', 'MTU', 'bandwidth', 'latency'],
  sr: ['name-label', 'type', 'shared', 'physical-size', 'physical-utilisation'],
  vdi: ['name-label', 'SR', 'virtual-size', 'type', 'read-only'],
  vif: ['device', 'VM', 'network', 'MAC', 'currently-attached'],
  vbd: ['device', 'VM', 'VDI', 'type', 'mode', 'currently-attached'],
  pif: ['device', 'host', 'network', 'IP', 'MAC', 'currently-attached'],
  pbd: ['host', 'SR', 'currently-attached'],
  pool: ['name-label', 'master', 'default-SR'],
  task: ['name-label', 'status', 'progress', 'created'],
  message: ['name', 'priority', 'cls', 'obj-uuid', 'timestamp'],
  'vm-metrics': ['uuid', 'memory-actual', 'VCPUs-number', 'start-time'],
  'host-metrics': ['uuid', 'memory-total', 'memory-free', 'live'],
  role: ['name-label', 'name-description'],
  subject: ['subject-identifier', 'roles'],
  session: ['uuid', 'this-host', 'this-user', 'last-active'],
};

/** Header text replacing the field's CLI name, where a shorter one reads better. */
export const COLUMN_HEADERS: Readonly<Record<string, string>> = {
  memory_static_max: 'memory',
  VCPUs_max: 'VCPUs',
};

const BYTES = /^(memory(_|$)|.*_size$|physical_utilisation$|.*_memory$|memory_)/;

/** The unit of a field for humanising: bytes by name, Mbit/s and ms for the extension fields. */
export function unitOf(field: FieldDef): Unit | undefined {
  if (field.type.kind !== 'int') return undefined;
  if (BYTES.test(field.name)) return 'bytes';
  if (field.name === 'bandwidth' || field.name.endsWith('_bandwidth')) return 'mbit';
  if (field.name === 'latency') return 'ms';
  return undefined;
}

/** The default table columns of a class as fields (those the model has), falling back to uuid + name. */
export function defaultFields(cls: ClassDef, noun: string): FieldDef[] {
  const names = DEFAULT_COLUMNS[noun] ?? ['uuid', 'name-label'];
  return names.map((n) => findFieldLoose(cls, n)).filter((f): f is FieldDef => f !== undefined);
}
