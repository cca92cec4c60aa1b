// Facts about messages that xenapi.json does not carry: which have an Async twin, and the defaults of optional
// parameters.
import type { ImplicitKind } from './types.js';
import type { JsonDefault } from './values.js';

// Which messages have an `Async.` twin. xenapi.json has no such flag; the rule follows REFERENCE.md §4.7:
// nearly every explicit message and create/destroy are async; getters, setters and the get_all family are not,
// and neither is anything of the classes below (nor the login family, which has no session to own a task).
/** Classes without Async variants: bookkeeping of the API itself rather than of managed objects. */
const SYNC_ONLY_CLASSES: ReadonlySet<string> = new Set(['session', 'auth', 'event', 'task', 'data_source', 'blob']);

/** Explicit messages named like the generic read family are lookups, never tasks (e.g. message.get_all_records). */
const SYNC_ONLY_NAMES = /^get_(all|all_records|all_where|all_records_where|record|by_uuid|by_name_label|since)$/;

export function isAsync(cls: string, name: string, implicit?: ImplicitKind, sessionless = false): boolean {
  if (sessionless || SYNC_ONLY_CLASSES.has(cls)) return false;
  if (implicit !== undefined) return implicit === 'create' || implicit === 'destroy';
  return !SYNC_ONLY_NAMES.test(name);
}

// Defaults of optional message parameters. xenapi.json marks parameters optional but gives no default; xapi fills
// most with the type's zero value. These are the known exceptions (REFERENCE.md §1.5, §4.3, §4.8), as JSON defaults
// decoded by the parameter's type.
export const PARAM_DEFAULTS: Readonly<Record<string, Readonly<Record<string, JsonDefault>>>> = {
  'session.login_with_password': { version: '1.1' },
  'host.disable': { auto_enable: true },
  'PIF.introduce': { managed: true },
  'PIF.db_introduce': { managed: true, ipv6_configuration_mode: 'None', primary_address_type: 'IPv4' },
  'VDI.introduce': { managed: true },
  'Bond.create': { mode: 'balance-slb' },
  'VGPU.create': { device: '0' },
  'tunnel.create': { protocol: 'gre' },
  'SDN_controller.introduce': { protocol: 'ssl' },
  'Cluster.create': { token_timeout: 20, token_timeout_coefficient: 1 },
  'Cluster.pool_create': { token_timeout: 20, token_timeout_coefficient: 1 },
};
