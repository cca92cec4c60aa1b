// The generated documents, by file name under the repository root (scripts/gen-docs.ts writes them, the freshness
// test compares them, `xenctl completion SHELL` prints one).
import type { Model } from '../model/types.js';
import { completionData } from './completion-data.js';
import { bashScript } from './bash.js';
import { zshScript } from './zsh.js';
import { fishScript } from './fish.js';
import { manPage } from './man.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export const COMPLETION_FILES: Readonly<Record<Shell, string>> = {
  bash: 'completions/xenctl.bash',
  zsh: 'completions/_xenctl',
  fish: 'completions/xenctl.fish',
};

export const MAN_FILE = 'man/xenctl.1';

export function completionScript(model: Model, shell: Shell): string {
  const data = completionData(model);
  return shell === 'bash' ? bashScript(data) : shell === 'zsh' ? zshScript(data) : fishScript(data);
}

/** Every generated file: path relative to the repository root -> content. */
export function generatedDocs(model: Model, version: string): Map<string, string> {
  const data = completionData(model);
  return new Map([
    [COMPLETION_FILES.bash, bashScript(data)],
    [COMPLETION_FILES.zsh, zshScript(data)],
    [COMPLETION_FILES.fish, fishScript(data)],
    [MAN_FILE, manPage(model, version)],
  ]);
}
