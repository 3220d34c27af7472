import yargs from 'yargs';
import { describe, expect, it } from 'vitest';
import { skipHelpPrerendering } from './parser-tuning.js';

interface UsageInternals {
  hasCachedHelpMessage(): boolean;
}

/** A parser with one command, and what its usage object holds after running it. */
async function runCommand(tuned: boolean): Promise<{ ran: boolean; cachedHelp: boolean }> {
  let ran = false;
  const parser = yargs(['hello', '--name', 'x'])
    .command(
      'hello',
      'Say hello',
      (y) => y.option('name', { type: 'string' }),
      () => {
        ran = true;
      },
    )
    .strict()
    .exitProcess(false);
  if (tuned) skipHelpPrerendering(parser);
  await parser.parseAsync();
  const usage = (parser as unknown as { getInternalMethods(): { getUsageInstance(): UsageInternals } })
    .getInternalMethods()
    .getUsageInstance();
  return { ran, cachedHelp: usage.hasCachedHelpMessage() };
}

describe('skipHelpPrerendering', () => {
  it("stops yargs rendering the running command's help screen, and the command still runs", async () => {
    // Without it, yargs renders (and keeps) the help of every command it runs.
    expect(await runCommand(false)).toEqual({ ran: true, cachedHelp: true });
    expect(await runCommand(true)).toEqual({ ran: true, cachedHelp: false });
  });

  it('leaves --help output alone', async () => {
    let output = '';
    const parser = yargs(['hello', '--help'])
      .command(
        'hello',
        'Say hello',
        (y) => y,
        () => {},
      )
      .exitProcess(false);
    skipHelpPrerendering(parser);
    await parser.parseAsync(['hello', '--help'], {}, (_e: unknown, _a: unknown, out: string) => {
      output = out;
    });
    expect(output).toMatch(/Say hello/);
  });

  it('is a no-op on anything without the internal method', () => {
    expect(() => skipHelpPrerendering({})).not.toThrow();
    expect(() => skipHelpPrerendering({ getInternalMethods: () => undefined })).not.toThrow();
  });
});
