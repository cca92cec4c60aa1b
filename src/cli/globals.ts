// The global options (INTERFACES.md), accepted anywhere on the line.
import type { FlagSpec } from './spec.js';
import { FORMATS } from '../render/types.js';

export const GLOBAL_FLAGS: readonly FlagSpec[] = [
  { name: 'url', kind: 'string', metavar: 'URL', summary: 'server: http(s)://HOST[:PORT], unix:PATH, ssh://[USER@]HOST, stdio:CMD, local:[DIR]' },
  { name: 'user', short: 'u', kind: 'string', metavar: 'NAME', summary: 'user name to log in as (default root)' },
  { name: 'password-file', kind: 'string', metavar: 'FILE', summary: 'file holding the password (must not be group/world readable)' },
  { name: 'context', kind: 'string', metavar: 'NAME', summary: 'use this saved context' },
  { name: 'output', short: 'o', kind: 'string', metavar: 'FORMAT', choices: FORMATS, summary: 'output format' },
  { name: 'columns', short: 'c', kind: 'string', metavar: 'A,B', repeatable: true, summary: 'fields to show, comma-separated' },
  { name: 'sort', kind: 'string', metavar: 'COL', summary: 'sort rows by a field (prefix - for descending)' },
  { name: 'where', kind: 'string', metavar: 'EXPR', repeatable: true, summary: 'filter: field=value, field!=value, map:key=value, set=member (ANDed)' },
  { name: 'dry-run', kind: 'bool', summary: 'show the calls a command would make, make none' },
  { name: 'yes', kind: 'bool', summary: 'answer yes to confirmations' },
  { name: 'multiple', kind: 'bool', summary: 'a verb with --where acts on every matching object (needed when several match)' },
  { name: 'parallel', kind: 'string', metavar: 'N', summary: 'with --where --multiple: at most N objects at a time (default 1)' },
  { name: 'continue-on-error', kind: 'bool', summary: 'with --where --multiple: go on after a failure (default: start no more)' },
  { name: 'timeout', kind: 'string', metavar: 'SECONDS', summary: 'deadline for the whole command' },
  { name: 'protocol', kind: 'string', metavar: 'P', choices: ['auto', 'jsonrpc', 'xmlrpc'], summary: 'wire protocol' },
  { name: 'insecure', kind: 'bool', summary: 'do not verify the TLS certificate' },
  { name: 'ca', kind: 'string', metavar: 'FILE', summary: 'CA certificate to trust' },
  { name: 'identity', kind: 'string', metavar: 'FILE', summary: 'ssh private key' },
  { name: 'remote-command', kind: 'string', metavar: 'CMD', summary: 'over ssh: run CMD there and speak bare XML-RPC to it (e.g. xenctl serve --stdio) instead of forwarding to the socket' },
  { name: 'quiet', short: 'q', kind: 'bool', summary: 'no chatter on stderr' },
  { name: 'debug', kind: 'bool', summary: 'wire traffic on stderr (secrets masked)' },
  { name: 'help', short: 'h', kind: 'bool', summary: 'show help' },
  { name: 'version', kind: 'bool', summary: 'print the version' },
];

export interface GlobalOptions {
  readonly url?: string;
  readonly user?: string;
  readonly passwordFile?: string;
  readonly context?: string;
  readonly output?: string;
  readonly columns: readonly string[];
  readonly sort?: string;
  readonly where: readonly string[];
  readonly dryRun: boolean;
  readonly yes: boolean;
  /** Bulk verbs (--where instead of <obj>): --multiple, --parallel N, --continue-on-error. */
  readonly multiple?: boolean;
  readonly parallel?: number;
  readonly continueOnError?: boolean;
  readonly timeout?: number;
  readonly protocol?: 'auto' | 'jsonrpc' | 'xmlrpc';
  readonly insecure: boolean;
  readonly ca?: string;
  readonly identity?: string;
  readonly remoteCommand?: string;
  readonly quiet: boolean;
  readonly debug: boolean;
  readonly help: boolean;
  readonly version: boolean;
}
