/**
 * Asking for a value. The prompt is a plain async function so tests (and other front ends) can
 * inject answers; the default asks on the terminal with @inquirer/prompts, loaded only when used.
 */
import { cancelledError, isCancellation } from '@hplugin/core';

export interface PromptQuestion {
  /** The parameter being asked for. */
  name: string;
  message: string;
  default?: string;
  /** When set, the answer must be one of these (a select list). */
  choices?: readonly string[];
  /** Shown beside each choice (and in full under the list for the highlighted one). */
  choiceDescriptions?: Readonly<Record<string, string>>;
  description?: string;
  /** true when acceptable, else what is allowed (shown under the prompt; the user is asked again). */
  validate(value: string): true | string;
}

export type PromptFn = (question: PromptQuestion) => Promise<string>;

export const inquirerPrompt: PromptFn = async (question) => {
  const { input, select } = await import('@inquirer/prompts');
  try {
    if (question.choices) {
      return await select({
        message: question.message,
        choices: question.choices.map((value) => {
          const description = question.choiceDescriptions?.[value];
          // Ids padded to one width so the short descriptions line up; the full one shows below.
          const width = Math.max(...question.choices!.map((c) => c.length));
          return {
            value,
            name: description ? `${value.padEnd(width)}  ${description.length > 70 ? `${description.slice(0, 67)}…` : description}` : value,
            ...(description ? { description } : {}),
          };
        }),
        ...(question.default !== undefined ? { default: question.default } : {}),
      });
    }
    return await input({
      message: question.message,
      ...(question.default !== undefined ? { default: question.default } : {}),
      validate: (value: string) => question.validate(value),
    });
  } catch (err) {
    // Ctrl-C: inquirer throws ExitPromptError. Nothing has been written yet; the CLI exits 130.
    if (isCancellation(err)) throw cancelledError('Cancelled at the prompt');
    throw err;
  }
};
