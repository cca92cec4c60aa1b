// `xenctl trust HOST[:PORT]`: fetch the server's TLS certificate, show it, and pin its SHA-256 fingerprint in
// $XDG_CONFIG_HOME/xenctl/known_tls (trust on first use). Replacing a different pin needs a yes (or --yes).
import type { CommandSpec } from '../spec.js';
import { InterruptedError, UsageError } from '../errors.js';
import { canPrompt } from '../prompt.js';

const DEFAULT_HTTPS_PORT = 443;

function parseHostPort(text: string): { host: string; port: number } {
  const bare = text.replace(/^https:\/\//i, '').replace(/\/+$/, '');
  const m = /^\[([0-9A-Fa-f:.]+)\](?::(\d+))?$/.exec(bare) ?? /^([A-Za-z0-9._-]+)(?::(\d+))?$/.exec(bare);
  const port = m?.[2] === undefined ? DEFAULT_HTTPS_PORT : Number(m[2]);
  if (m === null || m[1] === undefined || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError(`trust wants HOST[:PORT] (e.g. pool1.example.com:443 or 127.0.0.1:8443), not "${text}"`);
  }
  return { host: m[1], port };
}

export const TRUST_COMMAND: CommandSpec = {
  noun: 'trust',
  summary: 'Pin the TLS certificate a server presents (trust on first use; kept in known_tls)',
  description: 'Connects to HOST[:PORT] (default port 443), shows its certificate and records its SHA-256 fingerprint. ' +
    'Later https connections to that address accept exactly that certificate and refuse any other.',
  positionals: [{ name: 'address', required: true, summary: 'HOST[:PORT]' }],
  flags: [],
  offline: true,
  async run(ctx, args) {
    const raw = args.pos['address'];
    const { host, port } = parseHostPort(typeof raw === 'string' ? raw : (raw?.[0] ?? ''));
    const [{ fetchPeerCertificate, pinKey, readPins, savePin }, { readCaFile, systemTrust }, { xenctlPaths, expandHome }] = await Promise.all([
      import('../../transport/tls-pin.js'),
      import('../../transport/ca.js'),
      import('../../config/paths.js'),
    ]);
    const file = xenctlPaths(ctx.env).knownTlsFile;
    const ca = ctx.globals.ca === undefined ? await systemTrust(ctx.env) : await readCaFile(expandHome(ctx.globals.ca, ctx.env));
    const peer = await fetchPeerCertificate(host, port, ca);
    const key = pinKey(host, port);
    const pinned = (await readPins(file)).get(key);
    const err = ctx.io.stderr;
    err.write(`${key}: subject ${peer.subject}\n  issuer ${peer.issuer}\n  valid until ${peer.validTo}\n` +
      `  ${peer.authorized ? 'verified by a trusted CA' : `not verified by a trusted CA (${peer.authorizationError ?? 'unknown issuer'})`}\n` +
      `  SHA256 fingerprint ${peer.fingerprint256}\n`);
    if (pinned === peer.fingerprint256) {
      ctx.note(`${key} is already trusted with this certificate`);
      return { kind: 'text', text: `${key} ${peer.fingerprint256}\n` };
    }
    const tty = canPrompt(ctx.io);
    if (pinned !== undefined) err.write(`  WARNING: this replaces a DIFFERENT pinned certificate (SHA256 ${pinned})\n`);
    if (!ctx.globals.yes) {
      if (tty && ctx.confirm !== undefined) {
        if (!(await ctx.confirm(`Trust this certificate for ${key}?`))) throw new InterruptedError('declined');
      } else if (pinned !== undefined) {
        throw new UsageError(`${key} has a different pinned certificate; replacing it needs --yes (or a terminal to confirm on)`);
      }
    }
    await savePin(file, key, peer.fingerprint256);
    ctx.note(`pinned ${key} in ${file}`);
    return { kind: 'text', text: `${key} ${peer.fingerprint256}\n` };
  },
};
