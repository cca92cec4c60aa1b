// `xenctl completion bash|zsh|fish`: prints the shell's completion script (the same text as completions/*).
import type { CommandSpec } from '../spec.js';
import { posString } from '../spec.js';
import { UsageError } from '../errors.js';

const SHELL_NAMES = ['bash', 'zsh', 'fish'] as const;

export const COMPLETION_COMMAND: CommandSpec = {
  noun: 'completion',
  summary: 'Print the shell completion script for bash, zsh or fish',
  description: 'bash (with bash-completion): xenctl completion bash > ~/.local/share/bash-completion/completions/xenctl\n' +
    'zsh: xenctl completion zsh > ~/.zfunc/_xenctl, with fpath=(~/.zfunc $fpath) before compinit in ~/.zshrc\n' +
    'fish: xenctl completion fish > ~/.config/fish/completions/xenctl.fish\n' +
    'Create the directory first; the next shell started loads the script.',
  positionals: [{ name: 'shell', required: true, choices: SHELL_NAMES, summary: 'bash, zsh or fish' }],
  flags: [],
  offline: true,
  async run(ctx, args) {
    const shell = posString(args, 'shell') ?? '';
    const { SHELLS, completionScript } = await import('../../docs/index.js');
    const known = SHELLS.find((s) => s === shell);
    if (known === undefined) throw new UsageError(`completion takes one of: ${SHELLS.join(', ')} (not '${shell}')`);
    return { kind: 'text', text: completionScript(ctx.model, known) };
  },
};
