// VM.clone's customization map -> a checked Customization, or VALUE_NOT_SUPPORTED [key, value, reason] naming
// the first bad entry. Nothing is created before this has passed.
import { isIPv4, isIP } from 'node:net';
import { XenApiError } from '../model/errors.js';
import { ERR } from '../model/error-codes.js';
import { CUSTOM, MAC_KEEP, MAC_RANDOM, RESET_ITEMS, VIF_SETTINGS, type ResetItem, type VifSetting } from './keys.js';
import { GuestPathError, guestPath } from './paths.js';

export interface VifCustomization {
  /** `random`, `keep`, or a MAC in lower-case colon form. */
  mac?: string;
  /** IPv4 address and prefix length. */
  ip?: { readonly address: string; readonly prefix: number };
  gateway?: string;
  dns?: readonly string[];
}

export interface Customization {
  readonly hostname?: string;
  readonly vifs: ReadonlyMap<number, VifCustomization>;
  /** Guest path -> new content. */
  readonly files: ReadonlyMap<string, Buffer>;
  /** Guest path -> unified diff. */
  readonly patches: ReadonlyMap<string, string>;
  readonly reset: ReadonlySet<ResetItem>;
}

/** The error every bad customization entry answers with. Long values (file contents, diffs) are summarised. */
export function customizationError(key: string, value: string, reason: string): XenApiError {
  const shown = value.length > 60 || value.includes('\n') ? `(${Buffer.byteLength(value)} bytes)` : value;
  return new XenApiError(ERR.VALUE_NOT_SUPPORTED, [key, shown, reason]);
}

const HOST_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;
const MAC = /^[0-9a-f]{2}([:-][0-9a-f]{2}){5}$/i;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function checkHostname(value: string): string {
  if (value.length === 0 || value.length > 253 || !value.split('.').every((l) => HOST_LABEL.test(l))) {
    throw customizationError(CUSTOM.hostname, value, 'not a valid host name (letters, digits and dashes, dot-separated labels of up to 63)');
  }
  return value;
}

export function checkMac(key: string, value: string): string {
  if (value === MAC_RANDOM || value === MAC_KEEP) return value;
  if (!MAC.test(value)) throw customizationError(key, value, `not a MAC address (xx:xx:xx:xx:xx:xx, ${MAC_RANDOM} or ${MAC_KEEP})`);
  const mac = value.toLowerCase().replace(/-/g, ':');
  if ((parseInt(mac.slice(0, 2), 16) & 1) === 1) throw customizationError(key, value, 'a multicast address cannot be a NIC\'s MAC');
  return mac;
}

function checkCidr(key: string, value: string): { address: string; prefix: number } {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(value);
  const prefix = m === null ? NaN : Number(m[2]);
  if (m === null || !isIPv4(m[1] ?? '') || prefix < 0 || prefix > 32) {
    throw customizationError(key, value, 'not an IPv4 address with a prefix length (10.0.0.5/24)');
  }
  return { address: m[1] ?? '', prefix };
}

function checkPath(key: string, path: string, value: string): string {
  try {
    return guestPath(path);
  } catch (e) {
    if (e instanceof GuestPathError) throw customizationError(key, value, e.message);
    throw e;
  }
}

function vifEntry(key: string, value: string, vifs: Map<number, VifCustomization>): void {
  const m = /^vif\/(\d{1,3})\/([a-z]+)$/.exec(key);
  const setting = m?.[2] as VifSetting | undefined;
  if (m === null || setting === undefined || !VIF_SETTINGS.includes(setting)) {
    throw customizationError(key, value, `unknown key (vif/N/${VIF_SETTINGS.join(', vif/N/')})`);
  }
  const device = Number(m[1]);
  const v = vifs.get(device) ?? {};
  vifs.set(device, v);
  if (setting === 'mac') v.mac = checkMac(key, value);
  else if (setting === 'ip') v.ip = checkCidr(key, value);
  else if (setting === 'gateway') {
    if (!isIPv4(value)) throw customizationError(key, value, 'not an IPv4 address');
    v.gateway = value;
  } else {
    const list = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
    const bad = list.find((s) => isIP(s) === 0);
    if (list.length === 0 || bad !== undefined) throw customizationError(key, value, `not a comma-separated list of IP addresses${bad === undefined ? '' : ` ('${bad}')`}`);
    v.dns = list;
  }
}

export function parseCustomization(map: Readonly<Record<string, string>>): Customization {
  let hostname: string | undefined;
  const vifs = new Map<number, VifCustomization>();
  const files = new Map<string, Buffer>();
  const patches = new Map<string, string>();
  const reset = new Set<ResetItem>();
  for (const [key, value] of Object.entries(map)) {
    if (key === CUSTOM.hostname) hostname = checkHostname(value);
    else if (key === CUSTOM.reset) {
      for (const item of value.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
        if (!(RESET_ITEMS as readonly string[]).includes(item)) throw customizationError(key, value, `unknown item '${item}' (${RESET_ITEMS.join(', ')})`);
        reset.add(item as ResetItem);
      }
    } else if (key.startsWith(CUSTOM.filePrefix)) {
      const path = checkPath(key, key.slice(CUSTOM.filePrefix.length), value);
      const b64 = value.replace(/\s+/g, '');
      if (b64.length % 4 !== 0 || !BASE64.test(b64)) throw customizationError(key, value, 'the content is not base64');
      files.set(path, Buffer.from(b64, 'base64'));
    } else if (key.startsWith(CUSTOM.patchPrefix)) {
      patches.set(checkPath(key, key.slice(CUSTOM.patchPrefix.length), value), value);
    } else if (key.startsWith(CUSTOM.vifPrefix)) vifEntry(key, value, vifs);
    else throw customizationError(key, value, 'unknown customization key');
  }
  return { ...(hostname === undefined ? {} : { hostname }), vifs, files, patches, reset };
}

/** Whether applying it needs the guest filesystem (a MAC alone does not). */
export function touchesGuest(c: Customization): boolean {
  return c.hostname !== undefined || c.files.size > 0 || c.patches.size > 0 || c.reset.size > 0 ||
    [...c.vifs.values()].some((v) => v.ip !== undefined || v.gateway !== undefined || v.dns !== undefined);
}
