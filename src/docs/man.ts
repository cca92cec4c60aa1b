// man/xenctl.1, generated from the command specs and the model (roff, man macros).
import type { Model } from '../model/types.js';
import type { CommandSpec, FlagSpec } from '../cli/spec.js';
import { GLOBAL_FLAGS } from '../cli/globals.js';
import { EXIT_STATUS, synopsis } from '../cli/help.js';
import { allNouns, commandsOf } from '../cli/registry.js';
import { classOfNoun } from '../cli/generic/names.js';
import { bold, esc, italic, para } from './roff.js';
import { serveOptions } from './serve-options.js';
import { DESCRIPTION, ENVIRONMENT, EXAMPLES, FILES, FORMATS_TEXT, PRECEDENCE, PROMPTS, SELECTORS, URLS } from './man-text.js';

function tp(term: string, body: string): string {
  return `.TP\n${term}\n${body}`;
}

function flagTerm(f: { readonly name: string; readonly short?: string; readonly metavar?: string; readonly kind?: string }): string {
  const short = f.short === undefined ? '' : `${bold(`-${f.short}`)}, `;
  const value = f.kind === 'bool' || f.metavar === undefined && f.kind === undefined ? '' : ` ${italic(f.metavar ?? 'VALUE')}`;
  return `${short}${bold(`--${f.name}`)}${value}`;
}

function flagBody(f: FlagSpec): string {
  const extra = [f.required === true ? 'required' : '', f.repeatable === true ? 'repeatable' : '', f.choices !== undefined ? `one of: ${f.choices.join(', ')}` : '']
    .filter((s) => s !== '');
  return esc(extra.length === 0 ? f.summary : `${f.summary} (${extra.join('; ')})`);
}

function commandEntry(spec: CommandSpec): string {
  const lines = [`.TP\n${bold(synopsis(spec).replace(/^xenctl /, ''))}`, esc(spec.summary)];
  if (spec.description !== undefined) lines.push(`.br\n${para(spec.description).replace(/\n/g, '\n.br\n')}`);
  if (spec.message !== undefined) lines.push(`.br\nXenAPI: ${esc(spec.message)}`);
  if (spec.noun === 'serve' && spec.passthrough === true) {
    lines.push('.RS', ...serveOptions().map((o) => tp(flagTerm({ name: o.name, ...(o.metavar === undefined ? { kind: 'bool' } : { metavar: o.metavar, kind: 'string' }) }), esc(o.summary))), '.RE');
  }
  for (const p of spec.positionals) lines.push(`.RS\n.TP\n${italic(`<${p.name}>`)}\n${esc(p.summary)}\n.RE`);
  if (spec.flags.length > 0) lines.push('.RS', ...spec.flags.map((f) => tp(flagTerm(f), flagBody(f))), '.RE');
  return lines.join('\n');
}

function nounSection(model: Model, noun: string): string {
  const specs = (commandsOf(model, noun) ?? []).filter((s) => s.hidden !== true);
  const cls = classOfNoun(model, noun);
  const head = `.SS ${esc(noun)}\n${cls === undefined ? '' : `${esc(cls.description)}\n`}`;
  return `${head}${specs.map(commandEntry).join('\n')}`;
}

function table(rows: ReadonlyArray<readonly [string, string]>, term: (s: string) => string = bold): string {
  return rows.map(([a, b]) => tp(term(a), esc(b))).join('\n');
}

export function manPage(model: Model, version: string): string {
  const nouns = allNouns(model).filter((n) => !n.startsWith('__') && n !== 'help');
  return [
    `.TH XENCTL 1 "" "xenctl ${esc(version)}" "User Commands"`,
    '.SH NAME',
    'xenctl \\- administer Xen pools through the XenAPI',
    '.SH SYNOPSIS',
    `${bold('xenctl')} [${italic('global options')}] ${italic('noun')} ${italic('verb')} [${italic('object')}] [${italic('options')}]`,
    '.br',
    `${bold('xenctl help')} ${italic('noun')} [${italic('verb')}]`,
    '.br',
    `${bold('xenctl completion')} ${bold('bash')}|${bold('zsh')}|${bold('fish')}`,
    '.SH DESCRIPTION',
    DESCRIPTION.split('\n').map(esc).join('\n.PP\n'),
    '.SS Selectors and fields',
    SELECTORS.split('\n').map(esc).join('\n.PP\n'),
    '.SS Prompts',
    esc(PROMPTS),
    '.SH GLOBAL OPTIONS',
    'Accepted anywhere on the line. Where a command has an option of the same name, give the global one before the noun.',
    GLOBAL_FLAGS.map((f) => tp(flagTerm(f), flagBody(f))).join('\n'),
    '.SH COMMANDS',
    `Run ${bold('xenctl help')} ${italic('noun')} ${italic('verb')} for the XenAPI signature and the roles allowed.`,
    nouns.map((n) => nounSection(model, n)).join('\n'),
    '.SH CONNECTION URLS',
    `Given with ${bold('--url')}, ${bold('XENCTL_URL')} or a saved context; nothing configured means ${bold('local:')}.`,
    table(URLS),
    '.SH OUTPUT FORMATS',
    `Chosen with ${bold('-o')} ${italic('FORMAT')}; ${bold('-c')} restricts the fields, ${bold('--sort')} orders the rows. Results go to standard output, everything else to standard error.`,
    table(FORMATS_TEXT),
    '.SH EXIT STATUS',
    table(EXIT_STATUS.map(([a, b]) => [a, b] as const)),
    '.SH ENVIRONMENT',
    table(ENVIRONMENT),
    '.PP',
    esc(PRECEDENCE),
    '.SH FILES',
    table(FILES, italic),
    '.SH EXAMPLES',
    EXAMPLES.map(([what, cmd]) => `.PP\n${esc(what)}\n.PP\n.RS\n.nf\n${cmd.split('\n').map(esc).join('\n')}\n.fi\n.RE`).join('\n'),
    '.SH SEE ALSO',
    `${bold('xe')}(1)`,
    '',
  ].join('\n');
}
