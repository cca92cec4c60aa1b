// `vm clone --customize` with no spec file, a person at the keyboard: questions (inquirer, on stderr) that build
// the same CloneSpec a spec.yaml gives. Answers are checked as the server checks them, so mistakes are caught here.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { XenApiError } from '../../model/errors.js';
import { InterruptedError } from '../errors.js';
import { MAC_KEEP, MAC_RANDOM, RESET_ITEMS } from '../../guest/keys.js';
import { checkHostname, checkMac, parseCustomization } from '../../guest/parse.js';
import { nic, type CloneSpec } from './spec.js';
import { splitReplace } from './flags.js';

type Output = NodeJS.WritableStream | undefined;

function why(check: () => unknown): true | string {
  try {
    check();
    return true;
  } catch (e) {
    if (e instanceof XenApiError) return e.params[2] ?? e.message;
    return e instanceof Error ? e.message : String(e);
  }
}

/** A host name from a VM name: lower case, letters, digits and dashes. */
export function suggestHostname(name: string): string {
  const h = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return h === '' ? 'localhost' : h.slice(0, 63);
}

/** The questions; with `guest` false (a server that cannot write the guest's files) only the MAC and the IPv4
 * address and gateway, which XenAPI itself can set. */
export async function runWizard(output: Output, cwd: string, newName: string, spec: CloneSpec, guest = true): Promise<CloneSpec> {
  const { input, select, checkbox } = await import('@inquirer/prompts');
  const ctx = output === undefined ? {} : { output };
  try {
    if (guest) {
      spec.hostname = await input({
        message: 'Host name of the clone', default: spec.hostname ?? suggestHostname(newName),
        validate: (v) => why(() => checkHostname(v.trim())),
      }, ctx);
      spec.hostname = spec.hostname.trim();
    }
    const eth0 = nic(spec, 0);
    const mode = await select({
      message: 'Address of eth0',
      choices: [{ name: 'as in the source VM', value: 'keep' }, { name: 'a static address', value: 'static' }],
      default: eth0.ip === undefined ? 'keep' : 'static',
    }, ctx);
    if (mode === 'static') {
      eth0.ip = (await input({ message: 'eth0 address with prefix length (10.0.0.5/24)', ...(eth0.ip === undefined ? {} : { default: eth0.ip }),
        validate: (v) => why(() => parseCustomization({ 'vif/0/ip': v.trim() })) }, ctx)).trim();
      const gw = (await input({ message: `eth0 gateway (empty: ${guest ? 'as in the source' : 'none'})`, default: eth0.gateway ?? '',
        validate: (v) => v.trim() === '' || why(() => parseCustomization({ 'vif/0/gateway': v.trim() })) }, ctx)).trim();
      if (gw !== '') eth0.gateway = gw;
      if (guest) {
        const dns = (await input({ message: 'DNS servers (comma-separated, empty: as in the source)', default: eth0.dns?.join(',') ?? '',
          validate: (v) => v.trim() === '' || why(() => parseCustomization({ 'vif/0/dns': v.trim() })) }, ctx)).trim();
        if (dns !== '') eth0.dns = dns.split(',').map((s) => s.trim());
      }
    }
    const mac = await select({
      message: 'MAC address of VIF 0',
      choices: [{ name: 'a new random one', value: MAC_RANDOM }, { name: "the source's", value: MAC_KEEP }, { name: 'this one…', value: 'given' }],
      default: eth0.mac === MAC_KEEP ? MAC_KEEP : eth0.mac !== undefined && eth0.mac !== MAC_RANDOM ? 'given' : MAC_RANDOM,
    }, ctx);
    eth0.mac = mac !== 'given' ? mac : (await input({ message: 'MAC address (xx:xx:xx:xx:xx:xx)', validate: (v) => why(() => checkMac('vif/0/mac', v.trim())) }, ctx)).trim();
    if (!guest) return spec;
    const reset = await checkbox({
      message: 'Reset the identity',
      choices: RESET_ITEMS.map((item) => ({ name: item, value: item, checked: spec.reset.length === 0 || spec.reset.includes(item) })),
    }, ctx);
    spec.reset.splice(0, spec.reset.length, ...reset);
    for (;;) {
      const line = (await input({ message: 'Replace a guest file (LOCAL:GUEST_PATH, empty when done)', default: '',
        validate: (v) => v.trim() === '' || why(() => {
          const r = splitReplace(v.trim(), cwd);
          if (!existsSync(r.source)) throw new Error(`no local file ${r.source}`);
        }) }, ctx)).trim();
      if (line === '') break;
      spec.files.push(splitReplace(line, cwd));
    }
    for (;;) {
      const line = (await input({ message: 'Apply a unified diff (FILE.diff, empty when done)', default: '',
        validate: (v) => v.trim() === '' || existsSync(resolve(cwd, v.trim())) || `no local file ${v.trim()}` }, ctx)).trim();
      if (line === '') break;
      spec.patches.push({ diff: resolve(cwd, line) });
    }
    return spec;
  } catch (e) {
    throw e instanceof Error && e.name === 'ExitPromptError' ? new InterruptedError('prompt declined') : e;
  }
}

/** The last question: go ahead? (default yes). */
export async function confirmClone(output: Output, question: string): Promise<boolean> {
  const { confirm } = await import('@inquirer/prompts');
  try {
    return await confirm({ message: question, default: true }, output === undefined ? {} : { output });
  } catch (e) {
    throw e instanceof Error && e.name === 'ExitPromptError' ? new InterruptedError('prompt declined') : e;
  }
}
