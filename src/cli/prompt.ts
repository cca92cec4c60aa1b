// Prompts on the terminal (inquirer, loaded only when a prompt is really needed), drawn on stderr.
import type { Prompter } from '../config/password.js';
import { InterruptedError } from './errors.js';

export function terminalPrompter(output: NodeJS.WritableStream | undefined): Prompter {
  return {
    async password(message: string): Promise<string> {
      const { password } = await import('@inquirer/prompts');
      try {
        return await password({ message, mask: false }, output === undefined ? {} : { output });
      } catch (e) {
        throw e instanceof Error && e.name === 'ExitPromptError' ? new InterruptedError('prompt declined') : e;
      }
    },
  };
}
