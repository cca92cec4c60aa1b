// Which command the words of a line name (or which help to print instead).
import type { Model } from '../model/types.js';
import type { CommandSpec } from './spec.js';
import { UsageError } from './errors.js';
import { scanWords } from './parse.js';
import { allNouns, commandsOf } from './registry.js';
import { commandHelp, nounHelp, topHelp } from './help.js';
import { didYouMean } from './suggest.js';
import { classOfNoun, fieldCliName, findFieldLoose } from './generic/names.js';

export function helpAsked(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((t) => t === '--help' || t === '-h');
}

const ACCESSOR_VERB = /^(get|set|add-to|remove-from|add|remove)-(.+)$/;

/**
 * The error for a verb a noun lacks: the nearest verbs, or, for a field accessor xapi has but the CLI folds into
 * get/set (`vm set-tags`, `network remove-from-other-config`), the get/set line that does it.
 */
/** Words operators bring from xe, virsh and govc, and the verbs that do what they mean. */
const VERB_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  stop: ['clean-shutdown', 'hard-shutdown'], poweroff: ['clean-shutdown', 'hard-shutdown'],
  restart: ['clean-reboot', 'hard-reboot'], reboot: ['clean-reboot', 'hard-reboot'], reset: ['hard-reboot'],
  poweron: ['start'], boot: ['start'], delete: ['destroy'], rm: ['destroy'], undefine: ['destroy'],
  ls: ['list'], show: ['get'], info: ['get'], describe: ['get'], paramlist: ['get'], paramget: ['get'], paramset: ['set'], new: ['create'],
};

function noVerb(model: Model, noun: string, verb: string, verbs: readonly string[]): UsageError {
  const meant = (VERB_SYNONYMS[verb.toLowerCase().replace(/-/g, '')] ?? []).filter((v) => verbs.includes(v));
  const near = meant.length > 0 ? ` (did you mean ${meant.map((v) => `'${v}'`).join(' or ')}?)` : didYouMean(verb, verbs);
  // A field named in the verb says more than the nearest spelling.
  const m = ACCESSOR_VERB.exec(verb);
  const cls = classOfNoun(model, noun);
  const field = m === null || cls === undefined ? undefined : findFieldLoose(cls, m[2] ?? '');
  if (m === null || field === undefined) return new UsageError(`${noun} has no verb '${verb}'${near}`);
  const f = fieldCliName(field.name);
  const how = m[1] === 'get' ? `get <${noun}> ${f}` : m[1] === 'set' ? `set <${noun}> ${f}=VALUE`
    : m[1] === 'add-to' ? `set <${noun}> ${f}:KEY=VALUE` : m[1] === 'remove-from' ? `set <${noun}> ${f}-=KEY`
      : `set <${noun}> ${f}${m[1] === 'add' ? '+' : '-'}=VALUE`;
  return new UsageError(`${noun} has no verb '${verb}' (use 'xenctl ${noun} ${how}')`);
}

export interface Chosen {
  readonly spec: CommandSpec;
  readonly skip: Set<number>;
  readonly restFrom?: number;
}

/** Finds the command the words name, or returns help text to print. `lookup` is the registry (tests pass their own). */
export function chooseCommand(model: Model, argv: readonly string[], lookup: (model: Model, noun: string) => CommandSpec[] | undefined = commandsOf): Chosen | { help: string; exit: number } {
  const words = scanWords(argv);
  const first = words[0];
  if (first === undefined) return { help: topHelp(model), exit: helpAsked(argv) ? 0 : 2 };
  if (first.text === 'help') {
    const topic = words[1];
    if (topic === undefined) return { help: topHelp(model), exit: 0 };
    const specs = lookup(model, topic.text);
    if (specs === undefined) throw new UsageError(`unknown command '${topic.text}'${didYouMean(topic.text, allNouns(model))}`);
    const verb = words[2]?.text;
    const bare = specs.find((s) => s.verb === undefined);
    if (bare !== undefined) return { help: commandHelp(model, bare), exit: 0 };
    if (verb === undefined) return { help: nounHelp(model, topic.text, specs), exit: 0 };
    const sub = words[3]?.text;
    const spec = specs.find((s) => sub !== undefined && s.verb === `${verb} ${sub}`) ?? specs.find((s) => s.verb === verb);
    if (spec === undefined) throw noVerb(model, topic.text, verb, specs.map((s) => s.verb ?? ''));
    return { help: commandHelp(model, spec), exit: 0 };
  }
  const specs = lookup(model, first.text);
  if (specs === undefined) throw new UsageError(`unknown command '${first.text}'${didYouMean(first.text, allNouns(model))}`);
  const bare = specs.find((s) => s.verb === undefined);
  if (bare !== undefined) {
    return bare.passthrough === true ? { spec: bare, skip: new Set([first.index]), restFrom: first.index + 1 } : { spec: bare, skip: new Set([first.index]) };
  }
  const verbWord = words[1];
  if (verbWord === undefined) return { help: nounHelp(model, first.text, specs), exit: helpAsked(argv) ? 0 : 2 };
  // A two-word verb (`vm profile add`) wins over a one-word one.
  const second = words[2];
  const two = second === undefined ? undefined : specs.find((s) => s.verb === `${verbWord.text} ${second.text}`);
  if (two !== undefined && second !== undefined) return { spec: two, skip: new Set([first.index, verbWord.index, second.index]) };
  const spec = specs.find((s) => s.verb === verbWord.text);
  if (spec === undefined) {
    const verbs = specs.map((s) => s.verb ?? '');
    const group = verbs.filter((v) => v.startsWith(`${verbWord.text} `));
    if (group.length > 0) throw new UsageError(`${first.text} ${verbWord.text} needs one of: ${group.map((v) => v.slice(verbWord.text.length + 1)).join(', ')}`);
    throw noVerb(model, first.text, verbWord.text, verbs);
  }
  return { spec, skip: new Set([first.index, verbWord.index]) };
}

