// ssh user authentication as OpenSSH does it: the agent's keys first (SSH_AUTH_SOCK), then the key files
// (--identity, else IdentityFile, else the usual ~/.ssh/id_*). A key with a passphrase is asked about on a
// terminal, when it is its turn; with nobody at the keyboard it is skipped and named in the final error.
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AnyAuthMethod, AuthenticationType, AuthHandlerMiddleware, NextAuthHandler, ParsedKey } from 'ssh2';
import { ConfigError } from '../../config/errors.js';
import type { Asker } from '../open.js';

/** The files ssh tries when nothing names a key. */
export const DEFAULT_KEY_FILES: readonly string[] = Object.freeze(['id_ed25519', 'id_ecdsa', 'id_rsa']);
const PASSPHRASE_TRIES = 3;

export interface AuthPlan {
  readonly user: string;
  /** SSH_AUTH_SOCK, when an agent runs. */
  readonly agent?: string;
  readonly keyFiles: readonly string[];
  /** --identity was given: a missing file is an error, not a silent skip. */
  readonly explicit: boolean;
}

export function planAuth(user: string, env: Readonly<Record<string, string | undefined>>, home: string, identity: string | undefined, configured: readonly string[]): AuthPlan {
  const agent = env['SSH_AUTH_SOCK'];
  const keyFiles = identity !== undefined ? [identity] : configured.length > 0 ? configured : DEFAULT_KEY_FILES.map((f) => join(home, '.ssh', f));
  return { user, ...(agent === undefined || agent === '' ? {} : { agent }), keyFiles, explicit: identity !== undefined };
}

async function isSocket(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isSocket();
  } catch {
    return false;
  }
}

type ParseKey = (data: Buffer, passphrase?: string) => ParsedKey | Error;

/** What was tried, for the message when the server accepted nothing. */
export interface AuthLog {
  readonly tried: string[];
  readonly skipped: string[];
}

async function loadKey(file: string, plan: AuthPlan, parse: ParseKey, ask: Asker | undefined, log: AuthLog): Promise<ParsedKey | undefined> {
  let data: Buffer;
  let mode: number;
  try {
    const handle = await open(file, 'r');
    try {
      mode = (await handle.stat()).mode;
      data = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (e) {
    if (plan.explicit) throw new ConfigError(`cannot read the ssh key ${file}: ${(e as { code?: unknown }).code === 'ENOENT' ? 'no such file' : e instanceof Error ? e.message : String(e)}`, 'auth');
    return undefined;
  }
  // As ssh: a private key others may read or write is not used (it may be known, or swapped, by someone else).
  if ((mode & 0o077) !== 0) {
    const why = `is accessible by group or others (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); run chmod 600 ${file}`;
    if (plan.explicit) throw new ConfigError(`refusing the ssh key ${file}: it ${why}`, 'auth');
    log.skipped.push(`${file} (it ${why})`);
    return undefined;
  }
  const plain = parse(data);
  if (!(plain instanceof Error)) return plain;
  if (!/encrypted|passphrase/i.test(plain.message)) {
    log.skipped.push(`${file} (${plain.message})`);
    return undefined;
  }
  if (ask === undefined) {
    log.skipped.push(`${file} (has a passphrase and there is no terminal to ask it on: add the key to ssh-agent)`);
    return undefined;
  }
  for (let i = 0; i < PASSPHRASE_TRIES; i++) {
    const passphrase = await ask.secret(`Enter passphrase for key '${file}':`);
    const key = parse(data, passphrase);
    if (!(key instanceof Error)) return key;
  }
  log.skipped.push(`${file} (wrong passphrase)`);
  return undefined;
}

/** The middleware ssh2 calls for each next method to try; `false` ends the attempt. */
export function authHandler(plan: AuthPlan, parse: ParseKey, ask: Asker | undefined, log: AuthLog, onError: (e: unknown) => void): AuthHandlerMiddleware {
  const steps: (() => Promise<AnyAuthMethod | undefined>)[] = [];
  if (plan.agent !== undefined) {
    const agent = plan.agent;
    steps.push(async () => {
      // A stale SSH_AUTH_SOCK would make ssh2 fail the whole connection: skip it as ssh does.
      if (!(await isSocket(agent))) {
        log.skipped.push(`the agent at ${agent} (no such socket)`);
        return undefined;
      }
      log.tried.push(`the agent at ${agent}`);
      return { type: 'agent', username: plan.user, agent };
    });
  }
  for (const file of plan.keyFiles) {
    steps.push(async () => {
      const key = await loadKey(file, plan, parse, ask, log);
      if (key === undefined) return undefined;
      log.tried.push(file);
      return { type: 'publickey', username: plan.user, key };
    });
  }
  let at = 0;
  const nextStep = async (): Promise<AnyAuthMethod | false> => {
    while (at < steps.length) {
      const step = steps[at++];
      const method = step === undefined ? undefined : await step();
      if (method !== undefined) return method;
    }
    return false;
  };
  return (_left: AuthenticationType[], _partial: boolean, next: NextAuthHandler) => {
    nextStep().then(
      (m) => (next as (m: AnyAuthMethod | false) => void)(m),
      (e: unknown) => {
        onError(e);
        (next as (m: AnyAuthMethod | false) => void)(false);
      },
    );
  };
}

export function authFailure(plan: AuthPlan, where: string, log: AuthLog): ConfigError {
  const tried = log.tried.length === 0 ? 'no key was available' : `tried ${log.tried.join(', ')}`;
  const skipped = log.skipped.length === 0 ? '' : `; skipped ${log.skipped.join('; ')}`;
  return new ConfigError(
    `ssh: ${plan.user}@${where} accepted none of our keys (${tried}${skipped}); ` +
      'put your public key in ~/.ssh/authorized_keys there, name a key with --identity FILE, or load one into ssh-agent',
    'auth',
  );
}
