// XDG base directories for xenctl, computed from an environment passed in (never from process.env).
import { isAbsolute, join } from 'node:path';
import { ConfigError } from './errors.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface XenctlPaths {
  /** `$XDG_CONFIG_HOME/xenctl` or `~/.config/xenctl`. */
  readonly configDir: string;
  /** `$XDG_DATA_HOME/xenctl` or `~/.local/share/xenctl`. */
  readonly dataDir: string;
  /** Contexts: `configDir/config.yaml`. */
  readonly configFile: string;
  /** Pinned TLS fingerprints: `configDir/known_tls`. */
  readonly knownTlsFile: string;
  /** State of the embedded `local:` server: `dataDir/local`. */
  readonly localStateDir: string;
  /** Default state of `xenctl serve`: `dataDir/server`. */
  readonly serverStateDir: string;
}

/** An XDG variable counts only when it is an absolute path (the spec says to ignore relative ones). */
function xdgBase(env: Env, variable: string, fallback: readonly string[]): string {
  const value = env[variable];
  if (value !== undefined && value !== '' && isAbsolute(value)) return value;
  const home = env['HOME'];
  if (home === undefined || home === '') {
    throw new ConfigError(`neither ${variable} nor HOME is set, so xenctl cannot find its ${fallback.join('/')} directory`);
  }
  return join(home, ...fallback);
}

export function xenctlPaths(env: Env): XenctlPaths {
  const configDir = join(xdgBase(env, 'XDG_CONFIG_HOME', ['.config']), 'xenctl');
  const dataDir = join(xdgBase(env, 'XDG_DATA_HOME', ['.local', 'share']), 'xenctl');
  return {
    configDir,
    dataDir,
    configFile: join(configDir, 'config.yaml'),
    knownTlsFile: join(configDir, 'known_tls'),
    localStateDir: join(dataDir, 'local'),
    serverStateDir: join(dataDir, 'server'),
  };
}

/** `~/x` → `$HOME/x` (paths in config files and environment variables do not go through a shell). */
export function expandHome(path: string, env: Env): string {
  const home = env['HOME'];
  if (home === undefined || home === '') return path;
  if (path === '~') return home;
  return path.startsWith('~/') ? join(home, path.slice(2)) : path;
}
