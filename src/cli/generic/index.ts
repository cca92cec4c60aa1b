// The generated commands of one class: list/get/set/create/destroy plus one verb per explicit message.
import type { ClassDef } from '../../model/types.js';
import type { CommandSpec } from '../spec.js';
import { createCommand, destroyCommand } from './create.js';
import { getCommand } from './get.js';
import { listCommand } from './list.js';
import { messageCommand } from './message.js';
import { verbOf } from './names.js';
import { setCommand } from './set.js';
import { waitCommand } from '../commands/wait.js';

export function classCommands(cls: ClassDef): CommandSpec[] {
  const explicit = cls.messages.filter((m) => m.implicit === undefined && !m.sessionless && m.lifecycle !== 'removed');
  const taken = new Set(explicit.map((m) => verbOf(m.name)));
  const generic = [listCommand(cls), getCommand(cls), setCommand(cls), createCommand(cls), destroyCommand(cls), waitCommand(cls)]
    .filter((c): c is CommandSpec => c !== undefined && !taken.has(c.verb ?? ''));
  return [...generic, ...explicit.map((m) => messageCommand(cls, m))];
}
