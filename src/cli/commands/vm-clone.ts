// `xenctl vm clone <vm> <new-name> [--customize [spec.yaml]]` (hand-written: INTERFACES.md, Command line).
import type { CommandSpec } from '../spec.js';
import { CUSTOMIZE_FLAGS } from '../clone/flags.js';

export const VM_CLONE_COMMAND: CommandSpec = {
  noun: 'vm',
  verb: 'clone',
  summary: "Clone a VM; optionally customize the clone's guest (host name, network, MACs, files, patches, identity)",
  description:
    'The clone gets its own copy of the guest filesystem; customization changes that copy only, all or nothing.\n' +
    'With --customize FILE the changes come from a spec.yaml (hostname, network, files, patches, reset); with\n' +
    '--customize alone, on a terminal, a few questions build them. The inline flags add to (and win over) either.\n' +
    '--dry-run prints a unified diff for each guest file that would change, and changes nothing.\n' +
    'Against a server without the xenctl extension (real xapi) only MACs and IPv4 settings can be applied.',
  positionals: [
    { name: 'vm', required: true, summary: 'the VM to clone (name-label, uuid, uuid prefix or OpaqueRef)' },
    { name: 'new-name', required: true, summary: 'name of the clone' },
    { name: 'spec', required: false, summary: 'spec.yaml with the customization (after --customize)' },
  ],
  flags: CUSTOMIZE_FLAGS,
  message: 'VM.clone',
  async run(ctx, args) {
    const { runClone } = await import('../clone/run.js');
    return runClone(ctx, args);
  },
};
