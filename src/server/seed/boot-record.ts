// last_booted_record: the VM record as it was at boot, in the S-expression form xapi stores it in.
import type { XenStruct, XenValue } from '../../model/types.js';
import { formatDbDate } from '../store/dbvalue.js';
import { quoteAtom } from '../store/sexpr.js';

function sexp(value: XenValue): string {
  if (typeof value === 'string') return quoteAtom(value);
  if (typeof value === 'bigint') return quoteAtom(value.toString());
  if (typeof value === 'number') return `('double' ${quoteAtom(String(value))})`;
  if (typeof value === 'boolean') return `('boolean' '${value ? 1 : 0}')`;
  if (value instanceof Date) return `('dateTime.iso8601' '${formatDbDate(value)}')`;
  if (Array.isArray(value)) return `('array'${(value as readonly XenValue[]).map((v) => ` ${sexp(v)}`).join('')})`;
  const struct = value as XenStruct;
  return `('struct'${Object.keys(struct).map((k) => ` (${quoteAtom(k)} ${sexp(struct[k] as XenValue)})`).join('')})`;
}

// The fields that shape a boot (xapi keeps the whole record; these are the ones later code compares against).
const BOOT_FIELDS = ['uuid', 'name_label', 'power_state', 'user_version', 'is_a_template', 'resident_on', 'affinity',
  'memory_overhead', 'memory_target', 'memory_static_max', 'memory_dynamic_max', 'memory_dynamic_min',
  'memory_static_min', 'VCPUs_params', 'VCPUs_max', 'VCPUs_at_startup', 'actions_after_shutdown',
  'actions_after_reboot', 'actions_after_crash', 'VIFs', 'VBDs', 'PV_bootloader', 'PV_kernel', 'PV_ramdisk',
  'PV_args', 'HVM_boot_policy', 'HVM_boot_params', 'HVM_shadow_multiplier', 'platform', 'PCI_bus', 'domid',
  'domarch', 'is_control_domain', 'metrics', 'guest_metrics', 'ha_always_run', 'ha_restart_priority',
  'hardware_platform_version', 'has_vendor_device', 'domain_type', 'generation_id'];

const NESTED = new Set(['VCPUs_params', 'VIFs', 'VBDs', 'HVM_boot_params', 'platform']);
/** The scalar fields only: about 1 KB, for the 10,000 synthetic VMs of a big-pool benchmark (see synthetic.ts). */
const SHORT_BOOT_FIELDS = BOOT_FIELDS.filter((k) => !NESTED.has(k));

export function bootRecord(vm: XenStruct, short = false): string {
  const parts: string[] = [];
  for (const k of short ? SHORT_BOOT_FIELDS : BOOT_FIELDS) {
    const v = vm[k];
    if (v !== undefined) parts.push(` (${quoteAtom(k)} ${sexp(v)})`);
  }
  return `('struct'${parts.join('')})`;
}
