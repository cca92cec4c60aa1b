// Rows of a check list (check, what the host has, what the VM needs, pass or fail), from host.get_qualification's
// texts and the records (extension), or from a plain xapi's assert_* error (fallback).
import type { Model, XenStruct, XenValue } from '../../../model/types.js';
import { XenApiError } from '../../../model/errors.js';
import { ERR } from '../../../model/error-codes.js';
import type { Caller } from '../../context.js';
import { CHECKS, F, XAPI } from './names.js';
import { allRecords, bytesText, int, isRef, nameOf, str, strs, struct } from './values.js';

export const PASS = 'pass';
export const FAIL = 'fail';
const NONE = '-';

export interface CheckRow extends XenStruct {
  readonly check: string;
  readonly host_has: string;
  readonly vm_needs: string;
  readonly result: string;
}

export const CHECK_COLUMNS: readonly string[] = ['check', 'host_has', 'vm_needs', 'result'];
export const CHECK_HEADERS: Readonly<Record<string, string>> = { host_has: 'host has', vm_needs: 'VM needs' };

export function row(check: string, hostHas: string, vmNeeds: string, pass: boolean): CheckRow {
  return { check, host_has: hostHas, vm_needs: vmNeeds, result: pass ? PASS : FAIL };
}

/** `fail: host has X, VM needs Y` -> [X, Y]; undefined for `pass` or another shape. */
export function parseFailure(text: string): [string, string] | undefined {
  const m = /^fail: host has (.*?), VM needs (.*)$/s.exec(text);
  return m === null ? undefined : [m[1] ?? '', m[2] ?? ''];
}

/** What the VM needs and what the host offers, from the records, for every check (shown for passing checks). */
export interface Facts {
  readonly has: Readonly<Record<string, string>>;
  readonly needs: Readonly<Record<string, string>>;
}

async function vmNetworkNames(caller: Caller, vm: XenStruct): Promise<string[]> {
  const refs = new Set<string>();
  for (const vif of strs(vm[F.vifs])) refs.add(str(struct(await caller.call(XAPI.vifRecord, [vif]))[F.network]));
  const nets = await allRecords(caller, XAPI.networkAllRecords);
  return [...refs].filter(isRef).map((r) => nameOf(nets, r)).sort();
}

async function vmSrNames(caller: Caller, vm: XenStruct): Promise<string[]> {
  const srs = new Set<string>();
  for (const vbd of strs(vm[F.vbds])) {
    const vdi = str(struct(await caller.call(XAPI.vbdRecord, [vbd]))[F.vdi]);
    if (isRef(vdi)) srs.add(str(struct(await caller.call(XAPI.vdiRecord, [vdi]))[F.sr]));
  }
  const names: string[] = [];
  for (const sr of [...srs].filter(isRef)) names.push(str(await caller.call(XAPI.srNameLabel, [sr])) || sr);
  return names.sort();
}

const listText = (xs: readonly string[]): string => (xs.length === 0 ? NONE : xs.join(', '));

export async function factsOf(caller: Caller, vm: XenStruct, host: XenStruct): Promise<Facts> {
  // As the server counts it: the VM's own footprint, or its requirement when that is higher.
  const reqMem = int(vm[F.requiresMemory]);
  const own = int(vm[F.memoryStaticMax]) + int(vm[F.memoryOverhead]);
  const needMem = reqMem > own ? reqMem : own;
  const reqBw = int(vm[F.requiresBandwidth]);
  const nets = listText(await vmNetworkNames(caller, vm));
  const srs = listText(await vmSrNames(caller, vm));
  return {
    has: {
      memory: `${bytesText(int(host[F.memoryFree]))} free`,
      tpm: host[F.tpm] === true ? 'a TPM' : 'no TPM',
      bandwidth: `${int(host[F.bandwidth])} Mbit/s`,
      cpu_features: strs(host[F.cpuFeatures]).join(' ') || NONE,
      enabled: host[F.enabled] === true ? 'enabled' : 'disabled',
      networks: nets,
      storage: srs,
    },
    needs: {
      memory: bytesText(needMem),
      tpm: vm[F.requiresTpm] === true ? 'a TPM' : NONE,
      bandwidth: reqBw > 0n ? `${reqBw} Mbit/s` : NONE,
      cpu_features: strs(vm[F.requiresCpuFeatures]).join(' ') || NONE,
      enabled: 'enabled',
      networks: nets,
      storage: srs,
    },
  };
}

/** The check list of a host.get_qualification answer, in the checks' order (unknown checks after). */
export function qualificationRows(answer: XenValue, facts: Facts | undefined): CheckRow[] {
  const map = struct(answer);
  const names = [...CHECKS.filter((c) => c in map), ...Object.keys(map).filter((c) => !CHECKS.includes(c)).sort()];
  return names.map((name) => {
    const text = str(map[name]);
    if (text === PASS) return row(name, facts?.has[name] ?? '', facts?.needs[name] ?? '', true);
    const parsed = parseFailure(text);
    return parsed === undefined ? row(name, text.replace(/^fail:\s*/, ''), facts?.needs[name] ?? '', false) : row(name, parsed[0], parsed[1], false);
  });
}

async function nameLabel(caller: Caller, method: string, ref: string | undefined): Promise<string> {
  if (ref === undefined || !isRef(ref)) return ref ?? '';
  try {
    return str(await caller.call(method, [ref])) || ref;
  } catch (e) {
    if (e instanceof XenApiError) return ref;
    throw e;
  }
}

function bytes(text: string | undefined): string {
  return text !== undefined && /^\d+$/.test(text) ? bytesText(BigInt(text)) : (text ?? '');
}

/** A plain xapi's refusal as a failed check: the check it stands for, and what host and VM have and need. */
export async function errorRow(caller: Caller, model: Model, e: XenApiError): Promise<CheckRow> {
  const p = e.params;
  switch (e.code) {
    case ERR.HOST_NOT_ENOUGH_FREE_MEMORY:
      return row('memory', `${bytes(p[1])} free`, bytes(p[0]), false);
    case ERR.VM_REQUIRES_SR: {
      const sr = await nameLabel(caller, XAPI.srNameLabel, p[1]);
      return row('storage', `no PBD for SR ${sr}`, sr, false);
    }
    case ERR.VM_REQUIRES_NETWORK: {
      const net = await nameLabel(caller, XAPI.networkNameLabel, p[1]);
      return row('networks', `no PIF on ${net}`, net, false);
    }
    case ERR.HOST_DISABLED:
      return row('enabled', 'disabled', 'enabled', false);
    case ERR.HOST_OFFLINE:
    case ERR.HOST_NOT_LIVE:
      return row('enabled', 'not live', 'a live host', false);
    case ERR.VM_BAD_POWER_STATE:
      return row('power_state', NONE, `${p[1] ?? ''} (it is ${p[2] ?? ''})`, false);
    case ERR.VM_INCOMPATIBLE_WITH_THIS_HOST: {
      const parsed = parseFailure(`fail: ${p[2] ?? ''}`);
      return parsed === undefined ? row('compatibility', p[2] ?? e.code, NONE, false) : row('compatibility', parsed[0], parsed[1], false);
    }
    default: {
      const sentence = (model.errors.get(e.code)?.description ?? 'the server refused').replace(/\.$/, '');
      return row(e.code.toLowerCase(), `${sentence} [${[e.code, ...p].join(' ')}]`, NONE, false);
    }
  }
}

/** An assert_* call as one check: pass, or the refusal explained. Other failures propagate. */
export async function assertRow(caller: Caller, model: Model, check: string, method: string, args: readonly XenValue[]): Promise<CheckRow> {
  try {
    await caller.call(method, args);
    return row(check, NONE, NONE, true);
  } catch (e) {
    if (e instanceof XenApiError) return errorRow(caller, model, e);
    throw e;
  }
}
