// /etc/hosts after a rename (and a new address for the first NIC): the old name's entries name the new host.
const LOOPBACK = /^(127\.0\.0\.1|::1|fe00:|ff0[0-9a-f]:)/i;
const DEBIAN_SELF = '127.0.1.1';

function short(name: string): string {
  return name.split('.')[0] ?? name;
}

function renameToken(token: string, oldName: string, newName: string): string {
  if (token === oldName) return newName;
  const oldShort = short(oldName);
  if (token === oldShort) return short(newName);
  if (token.startsWith(`${oldShort}.`) && !newName.includes('.')) return `${newName}${token.slice(oldShort.length)}`;
  return token;
}

/**
 * `text` with `oldName` replaced by `newName` in every entry, and, when `address` is given, the entry naming the
 * host moved to that address. A host named nowhere gets the Debian `127.0.1.1` (or its address) line.
 */
export function editHosts(text: string, oldName: string, newName: string, address?: string): string {
  const lines = text.split('\n');
  const trailing = lines.at(-1) === '';
  if (trailing) lines.pop();
  let named = false;
  const out = lines.map((line) => {
    const [body = '', ...comment] = line.split('#');
    const m = /^(\s*)(\S+)(\s+)(.*?)(\s*)$/.exec(body);
    if (m === null) return line;
    const [, lead = '', addr = '', gap = '', names = '', tail = ''] = m;
    const tokens = names.split(/(\s+)/).map((t) => (/^\s*$/.test(t) ? t : renameToken(t, oldName, newName)));
    const self = tokens.some((t) => t === newName || t === short(newName));
    named ||= self;
    const ip = self && address !== undefined && (addr === DEBIAN_SELF || !LOOPBACK.test(addr)) ? address : addr;
    return `${lead}${ip}${gap}${tokens.join('')}${tail}${comment.length > 0 ? `#${comment.join('#')}` : ''}`;
  });
  if (!named) {
    const entry = `${address ?? DEBIAN_SELF}\t${newName}`;
    const after = out.findIndex((l) => /^\s*127\.0\.0\.1\s/.test(l));
    out.splice(after < 0 ? 0 : after + 1, 0, entry);
  }
  return `${out.join('\n')}${trailing || out.length > 0 ? '\n' : ''}`;
}
