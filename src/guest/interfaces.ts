// Edits /etc/network/interfaces (ifupdown syntax): the `iface ethN inet ...` stanza of each customized VIF gets
// the address, gateway and DNS servers asked for; its other options and every other stanza stay as they were.
import type { VifCustomization } from './parse.js';
import { customizationError } from './parse.js';
import { vifKey } from './keys.js';

const STANZA = /^\s*(iface|auto|allow-\S+|mapping|source|source-directory|rename)\b/;
const REPLACED = new Set(['address', 'netmask', 'gateway', 'dns-nameservers']);

export const FRESH_INTERFACES = 'auto lo\niface lo inet loopback\n';

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The options of the stanza starting at `start`: up to the next stanza keyword, trailing blank lines left out. */
function stanzaEnd(lines: readonly string[], start: number): number {
  let end = start + 1;
  while (end < lines.length && !STANZA.test(lines[end] ?? '')) end += 1;
  while (end > start + 1 && (lines[end - 1] ?? '').trim() === '') end -= 1;
  return end;
}

function optionLines(v: VifCustomization, indent: string): string[] {
  const out: string[] = [];
  if (v.ip !== undefined) out.push(`${indent}address ${v.ip.address}/${v.ip.prefix}`);
  if (v.gateway !== undefined) out.push(`${indent}gateway ${v.gateway}`);
  if (v.dns !== undefined) out.push(`${indent}dns-nameservers ${v.dns.join(' ')}`);
  return out;
}

/** One VIF's settings applied to the file's text. */
function applyOne(text: string, device: number, v: VifCustomization): string {
  const dev = `eth${device}`;
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const ifaceRe = new RegExp(`^\\s*iface\\s+${escape(dev)}\\s+inet\\s+(\\S+)`);
  const at = lines.findIndex((l) => ifaceRe.test(l));
  if (at < 0) {
    if (v.ip === undefined) {
      const key = vifKey(device, v.gateway !== undefined ? 'gateway' : 'dns');
      throw customizationError(key, v.gateway ?? v.dns?.join(',') ?? '', `${dev} has no stanza in /etc/network/interfaces; give vif/${device}/ip too`);
    }
    if (lines.length > 0 && lines.at(-1) !== '') lines.push('');
    lines.push(`auto ${dev}`, `iface ${dev} inet static`, ...optionLines(v, '\t'));
    return `${lines.join('\n')}\n`;
  }
  const method = ifaceRe.exec(lines[at] ?? '')?.[1] ?? '';
  const end = stanzaEnd(lines, at);
  const body = lines.slice(at + 1, end);
  const indent = /^(\s+)\S/.exec(body.find((l) => l.trim() !== '') ?? '')?.[1] ?? '\t';
  const staticNow = v.ip !== undefined || method === 'static';
  if (v.gateway !== undefined && !staticNow) {
    throw customizationError(vifKey(device, 'gateway'), v.gateway, `${dev} uses ${method}; give vif/${device}/ip too`);
  }
  const dropped = new Set<string>();
  if (v.ip !== undefined) dropped.add('address').add('netmask');
  if (v.gateway !== undefined) dropped.add('gateway');
  if (v.dns !== undefined) dropped.add('dns-nameservers');
  const kept = body.filter((l) => {
    const word = l.trim().split(/\s+/)[0] ?? '';
    return !(REPLACED.has(word) && dropped.has(word));
  });
  const head = (lines[at] ?? '').replace(/inet\s+\S+/, `inet ${staticNow ? 'static' : method}`);
  const fresh = optionLines(v, indent);
  // address first, then what was there, then gateway and DNS (the usual order of ifupdown examples).
  const addr = fresh.filter((l) => l.trim().startsWith('address'));
  const rest = fresh.filter((l) => !l.trim().startsWith('address'));
  const stanza = [head, ...addr, ...kept, ...rest];
  const out = [...lines.slice(0, at), ...stanza, ...lines.slice(end)];
  const autoRe = new RegExp(`^\\s*(auto|allow-\\S+)\\s+(.*\\s)?${escape(dev)}(\\s|$)`);
  if (!out.some((l) => autoRe.test(l))) out.splice(at, 0, `auto ${dev}`);
  return `${out.join('\n')}\n`;
}

/** The interfaces file with every VIF's settings applied (VIFs that only change their MAC are left out). */
export function editInterfaces(text: string | undefined, vifs: ReadonlyMap<number, VifCustomization>): string | undefined {
  const wanted = [...vifs].filter(([, v]) => v.ip !== undefined || v.gateway !== undefined || v.dns !== undefined)
    .sort(([a], [b]) => a - b);
  if (wanted.length === 0) return text;
  let out = text ?? FRESH_INTERFACES;
  for (const [device, v] of wanted) out = applyOne(out, device, v);
  return out;
}
