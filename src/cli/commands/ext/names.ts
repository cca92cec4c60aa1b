// The wire names the extension commands and their plain-xapi fallbacks call, in one place. Extension names come
// from the model's declarations; the plain XenAPI ones are checked against the model by test/ext.
import { HOST_EXTENSION, VM_EXTENSION, type ExtMessage } from '../../../model/extensions/index.js';
import { LIST_METHODS } from '../../../client/names.js';

function wire(m: ExtMessage | undefined, fallback: string): string {
  return m === undefined ? fallback : `${m.cls}.${m.name}`;
}

const hostMsg = (name: string) => HOST_EXTENSION.messages.find((m) => m.name === name);
const vmMsg = (name: string) => VM_EXTENSION.messages.find((m) => m.name === name);

export { LIST_METHODS };

/** Extension messages (absent from a plain xapi). */
export const EXT = Object.freeze({
  qualify: wire(hostMsg('qualify'), 'host.qualify'),
  getQualification: wire(hostMsg('get_qualification'), 'host.get_qualification'),
  migrate: wire(vmMsg('migrate'), 'VM.migrate'),
  addProfile: 'VM.add_profile',
  removeProfile: 'VM.remove_profile',
});

/** Plain XenAPI messages. */
export const XAPI = Object.freeze({
  vmRecord: 'VM.get_record',
  vmAllRecords: 'VM.get_all_records',
  vmAddTags: 'VM.add_tags',
  vmRemoveTags: 'VM.remove_tags',
  vmTags: 'VM.get_tags',
  vmAssertCanBootHere: 'VM.assert_can_boot_here',
  vmAssertOperationValid: 'VM.assert_operation_valid',
  vmGetPossibleHosts: 'VM.get_possible_hosts',
  vmPoolMigrate: 'VM.pool_migrate',
  hostRecord: 'host.get_record',
  hostAllRecords: 'host.get_all_records',
  hostMetricsAllRecords: 'host_metrics.get_all_records',
  hostComputeFreeMemory: 'host.compute_free_memory',
  networkAllRecords: 'network.get_all_records',
  pifAllRecords: 'PIF.get_all_records',
  pifMetricsAllRecords: 'PIF_metrics.get_all_records',
  vifRecord: 'VIF.get_record',
  vbdRecord: 'VBD.get_record',
  vdiRecord: 'VDI.get_record',
  srNameLabel: 'SR.get_name_label',
  networkNameLabel: 'network.get_name_label',
});

export const CLS = Object.freeze({ vm: 'VM', host: 'host', network: 'network' });

/** Fields read by the extension commands (extension fields: those of the model's declarations). */
export const F = Object.freeze({
  nameLabel: 'name_label',
  profile: 'profile',
  tags: 'tags',
  residentOn: 'resident_on',
  powerState: 'power_state',
  memoryStaticMax: 'memory_static_max',
  memoryOverhead: 'memory_overhead',
  requiresMemory: 'requires_memory',
  requiresTpm: 'requires_tpm',
  requiresBandwidth: 'requires_bandwidth',
  requiresCpuFeatures: 'requires_cpu_features',
  memoryFree: 'memory_free',
  memoryTotal: 'memory_total',
  tpm: 'tpm',
  bandwidth: 'bandwidth',
  latency: 'latency',
  cpuFeatures: 'cpu_features',
  cpuCount: 'cpu_count',
  cpuInfo: 'cpu_info',
  /** cpu_info's key listing the CPU's feature flags. */
  cpuFlags: 'flags',
  host: 'host',
  enabled: 'enabled',
  metrics: 'metrics',
  pifs: 'PIFs',
  network: 'network',
  speed: 'speed',
  vifs: 'VIFs',
  vbds: 'VBDs',
  vdi: 'VDI',
  sr: 'SR',
  isTemplate: 'is_a_template',
  isSnapshot: 'is_a_snapshot',
  isControlDomain: 'is_control_domain',
});

/** The vm_operations value a live migration within the pool needs. */
export const OP_POOL_MIGRATE = 'pool_migrate';
/** On a plain xapi a profile VALUE lives in the VM's tags as `profile:VALUE`. */
export const PROFILE_TAG_PREFIX = 'profile:';
/** The values `vm profile list` suggests (INTERFACES.md, Extensions). */
export const SUGGESTED_PROFILES: readonly string[] = Object.freeze(['web server', 'sendmail switch', 'dbms host', 'devel workstation']);
/** The checks of host.get_qualification, in its order. */
export const CHECKS: readonly string[] = Object.freeze(['memory', 'tpm', 'bandwidth', 'cpu_features', 'enabled', 'networks', 'storage']);
/** How a null reference ends (`OpaqueRef:NULL`). */
export const REF_NULL_SUFFIX = ':NULL';
