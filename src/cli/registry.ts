// Every command: the generated ones of each class plus the hand-written ones (which win on the same verb).
// Classes are turned into specs only when their noun is asked for, to keep start-up fast.
import type { Model } from '../model/types.js';
import type { CommandSpec } from './spec.js';
import { classCommands } from './generic/index.js';
import { classOfNoun, nounOf } from './generic/names.js';
import { HANDWRITTEN } from './commands/index.js';

export function handwrittenNouns(): string[] {
  return [...new Set(HANDWRITTEN.filter((c) => c.hidden !== true).map((c) => c.noun))];
}

export function classNouns(model: Model): string[] {
  return [...model.classes.values()].map((c) => nounOf(c.name));
}

export function allNouns(model: Model): string[] {
  return [...new Set([...classNouns(model), ...handwrittenNouns(), 'help'])];
}

/** The commands of a noun, or undefined when no class or hand-written command has that noun. */
export function commandsOf(model: Model, noun: string): CommandSpec[] | undefined {
  const hand = HANDWRITTEN.filter((c) => c.noun === noun);
  const cls = classOfNoun(model, noun);
  if (cls === undefined && hand.length === 0) return undefined;
  const generated = cls === undefined ? [] : classCommands(cls);
  const handVerbs = new Set(hand.map((c) => c.verb));
  return [...generated.filter((c) => !handVerbs.has(c.verb)), ...hand];
}

/** Every command of every noun (help --all, completion, the self-test). */
export function allCommands(model: Model): CommandSpec[] {
  return allNouns(model).flatMap((n) => commandsOf(model, n) ?? []);
}
