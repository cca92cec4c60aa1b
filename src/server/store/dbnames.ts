// Field names as state.db spells them: xapi joins a namespace and a field with `__` (name__label), while the
// wire joins them with `_` (name_label). The wire name alone does not say where the namespace ends, so this lists
// the namespaced fields of xapi's datamodel per class (name_label/name_description are namespaced everywhere).

const NAMESPACED: Readonly<Record<string, readonly string[]>> = {
  VM: ['HVM_boot_params', 'HVM_boot_policy', 'HVM_shadow_multiplier', 'PV_args', 'PV_bootloader',
    'PV_bootloader_args', 'PV_kernel', 'PV_legacy_args', 'PV_ramdisk', 'VCPUs_at_startup', 'VCPUs_max',
    'VCPUs_params', 'actions_after_crash', 'actions_after_reboot', 'actions_after_shutdown',
    'actions_after_softreboot', 'memory_dynamic_max', 'memory_dynamic_min', 'memory_overhead',
    'memory_static_max', 'memory_static_min', 'memory_target'],
  VM_metrics: ['VCPUs_CPU', 'VCPUs_flags', 'VCPUs_number', 'VCPUs_params', 'VCPUs_utilisation', 'memory_actual'],
  host: ['API_version_major', 'API_version_minor', 'API_version_vendor', 'API_version_vendor_implementation',
    'memory_overhead'],
  host_metrics: ['memory_free', 'memory_total'],
  PIF_metrics: ['io_read_kbs', 'io_write_kbs'],
  VIF_metrics: ['io_read_kbs', 'io_write_kbs'],
  VBD_metrics: ['io_read_kbs', 'io_write_kbs'],
  VBD: ['qos_algorithm_params', 'qos_algorithm_type', 'qos_supported_algorithms'],
  VIF: ['qos_algorithm_params', 'qos_algorithm_type', 'qos_supported_algorithms'],
};

const EVERYWHERE = new Set(['name_label', 'name_description']);

/** Columns xapi keeps for itself; they are not fields. */
export const INTERNAL_COLUMNS: ReadonlySet<string> = new Set(['_ref', '__ctime', '__mtime']);

/** Builds a wire-name -> column-name function for one class (memoise per class at the caller). */
export function columnNamer(cls: string): (wire: string) => string {
  const own = new Set(NAMESPACED[cls] ?? []);
  return (wire) => {
    if (!EVERYWHERE.has(wire) && !own.has(wire)) return wire;
    const cut = wire.startsWith('API_version_') ? 'API_version'.length : wire.indexOf('_');
    return `${wire.slice(0, cut)}__${wire.slice(cut + 1)}`;
  };
}

/** The wire name of a state.db column. */
export function wireNameOfColumn(column: string): string {
  return column.includes('__') ? column.replace(/__/g, '_') : column;
}
