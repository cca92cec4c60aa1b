// Commands are data: parsing, help, completion and the man page all read these specs.
import type { XenStruct, XenType, XenValue } from '../model/types.js';
import type { Unit } from '../render/types.js';
import type { Ctx } from './context.js';

/** How a flag's text is read: a switch, a string, or a value of a XenAPI type (converted by the model's type). */
export type FlagKind = 'bool' | 'string' | 'int' | 'xen';

export interface FlagSpec {
  /** Long name without dashes (`new-name`). */
  readonly name: string;
  readonly short?: string;
  readonly kind: FlagKind;
  /** For kind 'xen': the XenAPI type of the value (refs accept selectors). */
  readonly type?: XenType;
  /** Wire name of the parameter the flag feeds, when generated from a message. */
  readonly param?: string;
  readonly required?: boolean;
  /** May be given several times (sets, maps as key=value, --where). */
  readonly repeatable?: boolean;
  /** Placeholder in help (`URL`, `FORMAT`). */
  readonly metavar?: string;
  readonly choices?: readonly string[];
  /** For a bool flag: `--flag=WORD` with WORD not a boolean sets the flag and adds WORD as the next positional
   * (`--customize=spec.yaml` reads as `--customize spec.yaml`). */
  readonly inlineWord?: boolean;
  /** Names a file holding a secret the command reads (never the secret itself). */
  readonly secret?: boolean;
  readonly summary: string;
}

export interface PositionalSpec {
  readonly name: string;
  readonly required: boolean;
  /** Takes every remaining positional. */
  readonly variadic?: boolean;
  /** Values completion offers (any other is accepted too). */
  readonly choices?: readonly string[];
  /** Values in use that completion offers too: read from each live object of the command's noun. */
  readonly liveValues?: (record: XenStruct) => readonly string[];
  readonly summary: string;
}

/**
 * What a command's run returns: data for the renderers, never printed text. `exitCode` lets a result that is
 * shown normally still end the command with a status (a check that answered no: 5; a partial bulk failure: 6).
 */
export type CommandResult = (
  | { readonly kind: 'rows'; readonly cls?: string; readonly rows: readonly XenStruct[]; readonly view?: ViewHints }
  | { readonly kind: 'record'; readonly cls?: string; readonly record: XenStruct; readonly view?: ViewHints }
  | { readonly kind: 'scalar'; readonly value: XenValue }
  | { readonly kind: 'created'; readonly cls: string; readonly ref: string; readonly uuid: string }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'none' }
) & { readonly exitCode?: number };

/** What a command knows about how its rows are best shown by default. */
export interface ViewHints {
  /** Columns shown in every format (get with fields). */
  readonly columns?: readonly string[];
  /** Default columns of the tabular formats (table, value, csv) when -c is not given. */
  readonly tableColumns?: readonly string[];
  readonly units?: Readonly<Record<string, Unit>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly fieldTypes?: Readonly<Record<string, XenType>>;
}

export interface ParsedArgs {
  /** Positionals by spec name; a variadic one is a list. */
  readonly pos: Readonly<Record<string, string | readonly string[]>>;
  /** Flags by spec name: true/false for bool, a string, or a list for repeatable ones. */
  readonly flags: Readonly<Record<string, string | boolean | readonly string[]>>;
}

export interface CommandSpec {
  /** `vm`, `vm-metrics`, `context`; `serve` is a noun with no verb. */
  readonly noun: string;
  readonly verb?: string;
  readonly summary: string;
  readonly description?: string;
  /** Longer text `xenctl help` shows in place of the description (the man page keeps the description). */
  readonly helpDetails?: () => string;
  readonly positionals: readonly PositionalSpec[];
  readonly flags: readonly FlagSpec[];
  /** The model message the command maps to (`VM.clean_shutdown`), for help and the self-test. */
  readonly message?: string;
  /** Roles allowed to run it, from the model. */
  readonly roles?: readonly string[];
  /** Does not need a connection (context, serve, help). */
  readonly offline?: boolean;
  /** Left out of help listings (__complete). */
  readonly hidden?: boolean;
  /** Takes the rest of the line untouched (serve passes its argv on). */
  readonly passthrough?: boolean;
  /** Its first positional (the object) may instead be chosen with --where (a bulk verb: src/cli/bulk). */
  readonly selectsByWhere?: boolean;
  run(ctx: Ctx, args: ParsedArgs): Promise<CommandResult>;
}

export function flagString(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return (v as readonly string[])[(v as readonly string[]).length - 1];
  return undefined;
}

export function flagList(args: ParsedArgs, name: string): readonly string[] {
  const v = args.flags[name];
  if (Array.isArray(v)) return v as readonly string[];
  return typeof v === 'string' ? [v] : [];
}

export function posString(args: ParsedArgs, name: string): string | undefined {
  const v = args.pos[name];
  return typeof v === 'string' ? v : undefined;
}

export function posList(args: ParsedArgs, name: string): readonly string[] {
  const v = args.pos[name];
  if (v === undefined) return [];
  return typeof v === 'string' ? [v] : v;
}
