#!/usr/bin/env node
/**
 * Renders every help screen of a built CLI with its own yargs and stores them beside its entry, for
 * the help fast path (src/help-screens.ts): the overview and `<command> --help` for every command and
 * subcommand, at each stored width, in English. Never hand-written: the command list itself is read
 * from yargs' "Commands:" sections, and the fingerprint covers every file of ours that was loaded.
 *
 *   node packages/cli/scripts/help-screens.mjs [distDir]   (default: packages/cli/dist)
 *
 * Run by the root `build` script after tsc -b, and by pack.mjs on the bundle it stages.
 */
import { createRequire, register } from 'node:module';
import { readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
// Loaded before the recording starts: the workspace build's copy of the fast path's own helpers.
import { HELP_SCREENS_FILE, STORED_WIDTHS, helpFingerprint, yargsLocaleFile } from '../dist/help-screens.js';

const CLI_DIR = fileURLToPath(new URL('..', import.meta.url));
const distDir = resolve(process.argv[2] ?? join(CLI_DIR, 'dist'));
const target = join(distDir, HELP_SCREENS_FILE);

const loaded = new Set();
const { port1, port2 } = new MessageChannel();
port1.on('message', (url) => loaded.add(url));
register(new URL('./record-imports-hook.mjs', import.meta.url), { data: { port: port2 }, transferList: [port2] });

// The English screens: yargs translates by LC_ALL, LC_MESSAGES, LANG, LANGUAGE (in that order).
for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANGUAGE']) delete process.env[name];
process.env.LANG = 'en_US.UTF-8';

const { run } = await import(pathToFileURL(join(distDir, 'main.js')).href);

/** What the CLI prints for argv on a stdout `width` columns wide (the fast path adds the final newline back). */
async function render(argv, width) {
  let out = '';
  const stdout = { isTTY: false, columns: width, write: (chunk) => ((out += chunk), true) };
  const stderr = { isTTY: false, write: () => true };
  const code = await run(argv, { stdout, stderr, stdin: process.stdin, env: process.env });
  if (code !== 0 || !out.endsWith('\n'))
    throw new Error(`help-screens: \`hplugin ${argv.join(' ')}\` exited ${code} with ${JSON.stringify(out.slice(0, 200))}`);
  return out.slice(0, -1);
}

/** The command words listed in a screen's "Commands:" section (`  hplugin config show [dir]  …` → 'config show'). */
function listedCommands(screen) {
  const section = screen.split('\nCommands:\n')[1]?.split('\n\n')[0] ?? '';
  return section.split('\n').flatMap((line) => /^ {2}hplugin ([a-z][a-z0-9-]*(?: [a-z][a-z0-9-]*)*)/.exec(line)?.[1] ?? []);
}

// Every command and subcommand, found by walking the Commands: sections from the overview.
const commandWords = [];
for (const queue = ['']; queue.length > 0;) {
  const words = queue.shift();
  commandWords.push(words);
  const screen = await render([...(words ? words.split(' ') : []), '--help'], 100);
  for (const child of listedCommands(screen))
    if (child !== words && !commandWords.includes(child) && !queue.includes(child)) queue.push(child);
}

const screens = {};
for (const width of STORED_WIDTHS) {
  screens[width] = {};
  for (const words of commandWords) screens[width][words] = await render([...(words ? words.split(' ') : []), '--help'], width);
}

// Without a locale yargs uses its built-in strings; stored as English only if they are the same texts.
const locales = ['en'];
process.env.LANG = 'C';
if ((await render(['--help'], 100)) === screens[100]['']) locales.push('');
process.env.LANG = 'en_US.UTF-8';

// Every message the hook posted before this import's resolution has arrived once this one has.
const sentinel = `data:text/javascript,export default ${Date.now()}`;
await import(sentinel);
while (!loaded.has(sentinel)) await new Promise((done) => setImmediate(done));
port1.close();

// Ours: what was loaded from outside node_modules (npm packages other than yargs change only by an
// install; yargs' version is in the fingerprint).
const files = [...loaded]
  .filter((url) => url.startsWith('file:') && !fileURLToPath(url).split(sep).includes('node_modules'))
  .map((url) => relative(distDir, fileURLToPath(url)).split(sep).join('/'))
  .sort();
const yargsDir = join(createRequire(join(distDir, 'main.js')).resolve('yargs/package.json'), '..');
const yargsLocales = readdirSync(join(yargsDir, 'locales'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5))
  .sort();
if (yargsLocaleFile({ LANG: 'en_US.UTF-8' }, yargsLocales) !== 'en')
  throw new Error('help-screens: yargs has no en locale file any more; check src/help-screens.ts');

const dirUrl = pathToFileURL(distDir + sep);
const stored = { files, fingerprint: helpFingerprint(dirUrl, files), yargsLocales, locales, screens };
// Written whole and renamed: a CLI starting meanwhile (or a second rendering, as tests run in
// parallel) reads the old file or the new one. An old file of a previous build is never shown: its
// fingerprint no longer matches.
const temporary = `${target}.${process.pid}.tmp`;
writeFileSync(temporary, JSON.stringify(stored) + '\n');
renameSync(temporary, target);
process.stderr.write(
  `help-screens: ${commandWords.length} screens × ${STORED_WIDTHS.length} widths, ${files.length} files fingerprinted → ${target}\n`,
);
