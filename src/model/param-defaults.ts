// Defaults of optional message parameters. xenapi.json marks parameters optional but gives no default; xapi fills
// most with the type's zero value. These are the known exceptions (REFERENCE.md §1.5, §4.3, §4.8), as JSON defaults
// decoded by the parameter's type.
import type { JsonDefault } from './values.js';

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
