/**
 * The help-screen fast path: `hplugin --help`, `hplugin help build`, `hplugin config show -h` … print
 * a screen that yargs rendered at build time (scripts/help-screens.mjs runs the real CLI for every
 * command at the widths below), so a help request does not load yargs and every command's builder.
 *
 * The stored file is only trusted when it provably matches this build: it carries a fingerprint of
 * every file of ours that the rendering loaded, plus the yargs version, and a dev edit to any of them
 * (without regenerating) means the screen is not shown. Anything unusual (a width or locale with no
 * stored screen, a missing or unreadable file) falls back to yargs, which prints the same text.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The name of the stored screens, beside the CLI's entry module (dist/main.js). */
export const HELP_SCREENS_FILE = 'help-screens.json';

/** Widths rendered at build time: 100 is every non-terminal, 110 any terminal at least that wide. */
export const STORED_WIDTHS = [80, 100, 110] as const;

/** The help text's wrap width for a terminal of `columns` (undefined: not a terminal). */
export function helpWidth(columns: number | undefined): number {
  return Math.min(110, columns ?? 100);
}

export interface StoredHelpScreens {
  /** Files of ours the rendering loaded, relative to the stored file's folder; all hashed into the fingerprint. */
  files: string[];
  fingerprint: string;
  /** Locale files yargs ships (its y18n translations), to tell when yargs would translate. */
  yargsLocales: string[];
  /** The locale files whose texts the stored screens are (the English ones). */
  locales: string[];
  /** width → command words ('' for the overview, 'config show' for a subcommand) → the screen. */
  screens: Record<string, Record<string, string>>;
}

/**
 * The command words of a pure help request (`build --help` → 'build', `--help` → ''), or undefined
 * for anything else: any other flag or a value could change what yargs does, so those go to yargs.
 */
export function helpRequestWords(argv: readonly string[]): string | undefined {
  const last = argv.at(-1);
  if (last !== '--help' && last !== '-h') return undefined;
  const words = argv.slice(0, -1);
  return words.every((w) => /^[a-z][a-z0-9-]*$/.test(w)) ? words.join(' ') : undefined;
}

/**
 * The y18n locale file yargs would read for this environment ('' when none: its built-in English),
 * following yargs' guessLocale (LC_ALL, LC_MESSAGES, LANG, LANGUAGE) and y18n's fallback to the language.
 */
export function yargsLocaleFile(env: NodeJS.ProcessEnv, available: readonly string[]): string {
  const locale = (env.LC_ALL || env.LC_MESSAGES || env.LANG || env.LANGUAGE || 'en_US').replace(/[.:].*/, '');
  if (available.includes(locale)) return locale;
  const language = locale.split('_')[0]!;
  return locale.includes('_') && available.includes(language) ? language : '';
}

function yargsVersion(): string {
  const require = createRequire(import.meta.url);
  return (JSON.parse(readFileSync(require.resolve('yargs/package.json'), 'utf8')) as { version: string }).version;
}

/** sha256 over the yargs version and every listed file (name and content), in order. */
export function helpFingerprint(dir: URL, files: readonly string[]): string {
  const hash = createHash('sha256').update(`yargs ${yargsVersion()}\0`);
  for (const file of files)
    hash
      .update(`${file}\0`)
      .update(readFileSync(new URL(file, dir)))
      .update('\0');
  return hash.digest('hex');
}

/**
 * The stored screen for this argv, or undefined when yargs must render it. `file` defaults to the
 * screens beside this module (in the bundle, beside dist/main.js, where it is inlined).
 */
export function storedHelpScreen(
  argv: readonly string[],
  columns: number | undefined,
  env: NodeJS.ProcessEnv,
  file: URL = new URL(HELP_SCREENS_FILE, import.meta.url),
): string | undefined {
  const words = helpRequestWords(argv);
  if (words === undefined) return undefined;
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as StoredHelpScreens;
    const screen = stored.screens[String(helpWidth(columns))]?.[words];
    if (screen === undefined) return undefined;
    if (!stored.locales.includes(yargsLocaleFile(env, stored.yargsLocales))) return undefined;
    // Last, as it is the costly check (~2 ms): only a request the file can answer pays for it.
    return helpFingerprint(new URL('.', file), stored.files) === stored.fingerprint ? screen : undefined;
  } catch {
    // No stored screens (a dev build), or a file or module gone since: yargs renders it.
    return undefined;
  }
}
