// Prompts on the terminal (inquirer, loaded only when a prompt is really needed), drawn on stderr.
import type { Prompter } from '../config/password.js';
import type { CliIO } from './io.js';
import { InterruptedError, type Candidate } from './errors.js';

/**
 * Whether a person is at the keyboard to answer: stdin, stdout and stderr (where prompts are drawn) are all
 * terminals. Anything piped or redirected means a script: it never gets a question.
 */
export function canPrompt(io: Pick<CliIO, 'isTTY'>): boolean {
  return io.isTTY.stdin && io.isTTY.stdout && io.isTTY.stderr;
}

/** Messages whose verb asks before acting (unless --yes), besides every bulk run: they lose data or state. */
const CONFIRMED = new Set(['destroy', 'hard_shutdown', 'hard_reboot']);

export function needsConfirmation(message: string): boolean {
  return CONFIRMED.has(message);
}

/** The question asked before a confirmed verb: `Destroy vm web01?`, `Hard-shutdown vm web01?`. */
export function confirmQuestion(verb: string, noun: string, selector: string): string {
  return `${verb.charAt(0).toUpperCase()}${verb.slice(1)} ${noun} ${selector}?`;
}

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
