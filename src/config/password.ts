// Where a password comes from: a file only its owner can read, or a prompt on a TTY. Never argv, never a plain
// environment variable, never on delegated channels.
import { open } from 'node:fs/promises';
import { ConfigError } from './errors.js';

/** The CLI implements this with inquirer; tests with a stub. */
export interface Prompter {
  /** Asks for a secret without echo. Rejects when the user declines (Ctrl-C). */
  password(message: string): Promise<string>;
}

/** Reads a password file: refused if group- or world-readable; one trailing newline is stripped. */
export async function readPasswordFile(path: string): Promise<string> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : err instanceof Error ? err.message : String(err);
    throw new ConfigError(`cannot read password file ${path}: ${why}`);
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new ConfigError(`password file ${path} is not a regular file`);
    if ((st.mode & 0o044) !== 0) {
      const mode = (st.mode & 0o777).toString(8).padStart(4, '0');
      throw new ConfigError(`password file ${path} is readable by group or others (mode ${mode}); refusing it: run chmod 600 ${path}`);
    }
    const text = await handle.readFile('utf8');
    return text.endsWith('\r\n') ? text.slice(0, -2) : text.endsWith('\n') ? text.slice(0, -1) : text;
  } finally {
    await handle.close();
  }
}

export interface PasswordSource {
  /** The password file, if one was named (flag, env or context). */
  readonly passwordFile?: string;
  readonly delegated: boolean;
  /** For the prompt's text, e.g. `root@https://pool1`. */
  readonly who: string;
}

export interface PromptAccess {
  readonly prompter?: Prompter;
  /** stdin and stderr both a TTY. */
  readonly isTTY: boolean;
}

/**
 * A supplier the client calls when it logs in. It reads or asks once and remembers the answer (a re-login does
 * not prompt again). Delegated channels get the empty password: the far side ignores it.
 */
export function passwordSupplier(source: PasswordSource, access: PromptAccess): () => Promise<string> {
  let pending: Promise<string> | undefined;
  const obtain = async (): Promise<string> => {
    if (source.delegated) return '';
    if (source.passwordFile !== undefined) return readPasswordFile(source.passwordFile);
    if (access.isTTY && access.prompter !== undefined) return access.prompter.password(`Password for ${source.who}:`);
    throw new ConfigError(
      `${source.who} needs a password: name a file with --password-file FILE or XENCTL_PASSWORD_FILE` +
        (access.isTTY ? '' : ' (there is no terminal to ask on)'),
      'auth',
    );
  };
  return () => {
    pending ??= obtain();
    return pending;
  };
}
