// roff text escaping for the man page: backslashes, hyphens (as \-), and lines that would read as requests.
export function esc(text: string): string {
  const body = text.replace(/\\/g, '\\e').replace(/-/g, '\\-');
  return /^[.']/.test(body) ? `\\&${body}` : body;
}

/** Bold text (`.B` argument quoting avoided: inline font escapes). */
export function bold(text: string): string {
  return `\\fB${esc(text)}\\fR`;
}

export function italic(text: string): string {
  return `\\fI${esc(text)}\\fR`;
}

/** A paragraph of prose: each line escaped on its own. */
export function para(text: string): string {
  return text.split('\n').map(esc).join('\n');
}
