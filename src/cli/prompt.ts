// Prompts on the terminal (inquirer, loaded only when a prompt is really needed), drawn on stderr.
import type { Prompter } from '../config/password.js';
import { InterruptedError, type Candidate } from './errors.js';

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

/** A yes/no question on the terminal (default no). */
export function terminalConfirm(output: NodeJS.WritableStream | undefined) {
  return async (question: string): Promise<boolean> => {
    const { confirm } = await import('@inquirer/prompts');
    try {
      return await confirm({ message: question, default: false }, output === undefined ? {} : { output });
    } catch (e) {
      throw e instanceof Error && e.name === 'ExitPromptError' ? new InterruptedError('prompt declined') : e;
    }
  };
}

/** The TTY choice among several objects a selector matched (declining exits 130). */
export function terminalChooser(output: NodeJS.WritableStream | undefined) {
  return async (noun: string, selector: string, candidates: readonly Candidate[]): Promise<Candidate | undefined> => {
    const { select } = await import('@inquirer/prompts');
    try {
      return await select<Candidate>({
        message: `'${selector}' matches several ${noun} objects; which one?`,
        choices: candidates.map((c) => ({ name: c.name === undefined ? c.uuid : `${c.name}  ${c.uuid}`, value: c })),
      }, output === undefined ? {} : { output });
    } catch (e) {
      throw e instanceof Error && e.name === 'ExitPromptError' ? new InterruptedError('prompt declined') : e;
    }
  };
}
