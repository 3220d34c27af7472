/**
 * The one logger. Stages never print: they call a Reporter, and the CLI picks the implementation:
 * - tty:    spinners and byte progress on stderr (ora), only on an interactive terminal outside CI
 * - plain:  one line per step on stderr, no escape codes, no spinner frames (CI, pipes)
 * - json:   nothing on stderr but errors; warnings are collected for the final JSON document
 * - silent: for library users and tests
 * Results (the thing the user asked for) go to stdout and are printed by the CLI, not through here.
 */
import { redact } from './secrets.js';
import { escapeControl } from './terminal.js';
import { formatBytes, formatDuration } from './format.js';

export type Verbosity = 'quiet' | 'normal' | 'verbose';
export type ReporterMode = 'tty' | 'plain' | 'json' | 'silent';

export interface TaskHandle {
  /** Replace the task's running text (spinner text on a TTY; ignored elsewhere). */
  update(text: string): void;
}

export interface ProgressHandle {
  advance(bytes: number): void;
  /** The transfer ended: `ok` false (a failure, a cancel) leaves no "done" line. Default true. */
  done(ok?: boolean): void;
}

/** Words for a transfer's lines: "Uploading x 3.1 MiB / 8 MiB 38% 2.0 MiB/s", "✓ Uploaded x …". */
export interface ProgressVerbs {
  active: string;
  done: string;
}

/** Something running that has no lines of its own (a plugin's step inside a grouped workspace run). */
export interface ActivityHandle {
  done(): void;
}

export interface Warning {
  message: string;
  code?: string;
}

export interface Reporter {
  readonly mode: ReporterMode;
  readonly verbosity: Verbosity;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string, code?: string): void;
  /** Run a named step. On a TTY it spins; elsewhere it prints a start and an end line. */
  task<T>(label: string, run: (task: TaskHandle) => Promise<T>, describe?: (result: T) => string): Promise<T>;
  /**
   * Byte progress for one transfer: on a TTY a live line (name, bytes, %, speed), and a line per
   * transfer that stays when it is done; elsewhere a line when done and one every few seconds
   * while a long transfer runs.
   */
  progress(label: string, totalBytes: number, verbs?: ProgressVerbs): ProgressHandle;
  /**
   * Show that something runs, with its elapsed time, without a done line: a spinner entry on a
   * TTY, a start line (and periodic "still running" lines) elsewhere. Optional for custom reporters.
   */
  activity?(label: string): ActivityHandle;
  readonly warnings: readonly Warning[];
}

/** How often plain output says that a long task or transfer is still running. */
export const HEARTBEAT_MS = 15_000;
const DEFAULT_VERBS: ProgressVerbs = { active: 'Transferring', done: 'Transferred' };

/** "1.2 MiB/s" from bytes and milliseconds; empty before there is anything to divide. Rounded to whole bytes, which formatBytes prints as given below 1 KiB. */
export function formatSpeed(bytes: number, ms: number): string {
  return ms > 0 && bytes > 0 ? `${formatBytes(Math.round((bytes * 1000) / ms))}/s` : '';
}

function transferLine(verb: string, label: string, sent: number, total: number, ms: number): string {
  const pct = total > 0 ? Math.floor((Math.min(sent, total) / total) * 100) : 100;
  return [`${verb} ${label}`, `${formatBytes(sent)} / ${formatBytes(total)}`, `${pct}%`, formatSpeed(sent, ms)].filter(Boolean).join('  ');
}

function doneLine(verb: string, label: string, total: number, ms: number): string {
  const speed = formatSpeed(total, ms);
  return `${verb} ${label}  ${formatBytes(total)} in ${formatDuration(ms)}${speed ? ` (${speed})` : ''}`;
}

export interface ReporterOptions {
  mode: ReporterMode;
  verbosity?: Verbosity;
  color?: boolean;
  stream?: NodeJS.WritableStream;
  /** Warning codes not to print (`--silence`); they are still recorded for --json. */
  silence?: readonly string[];
}

/**
 * One warning once: stages that share a result (build, then package, then publish) or a generator
 * and its caller may report the same thing; the user needs to read it once per plugin per run.
 */
export class WarningFilter {
  private readonly seen = new Set<string>();
  private readonly silenced: ReadonlySet<string>;

  constructor(silence: readonly string[] = []) {
    this.silenced = new Set(silence);
  }

  /** 'new' to print, 'silenced' to record only, 'repeat' to drop. */
  admit(message: string, code?: string): 'new' | 'silenced' | 'repeat' {
    const key = `${code ?? ''}\u0000${message}`;
    if (this.seen.has(key)) return 'repeat';
    this.seen.add(key);
    return code && this.silenced.has(code) ? 'silenced' : 'new';
  }
}

const noopProgress: ProgressHandle = { advance() {}, done() {} };

class BaseReporter implements Reporter {
  readonly warnings: Warning[] = [];
  readonly mode: ReporterMode;
  readonly verbosity: Verbosity;
  protected readonly color: boolean;
  protected readonly stream: NodeJS.WritableStream;
  private readonly filter: WarningFilter;

  constructor(options: ReporterOptions) {
    this.filter = new WarningFilter(options.silence);
    this.mode = options.mode;
    this.verbosity = options.verbosity ?? 'normal';
    this.color = options.color ?? false;
    this.stream = options.stream ?? process.stderr;
  }

  /** `line` is ours: its text parts went through `escapeControl` before our own colours were added. */
  protected write(line: string): void {
    if (this.mode === 'silent' || this.mode === 'json') return;
    this.stream.write(redact(line) + '\n');
  }

  protected paint(code: number, text: string): string {
    return this.color ? `\u001b[${code}m${text}\u001b[39m` : text;
  }

  debug(message: string): void {
    if (this.verbosity === 'verbose') this.write(this.paint(90, `  ${escapeControl(message)}`));
  }

  info(message: string): void {
    if (this.verbosity !== 'quiet') this.write(escapeControl(message));
  }

  warn(message: string, code?: string): void {
    const verdict = this.filter.admit(message, code);
    if (verdict === 'repeat') return;
    this.warnings.push(code ? { message: redact(message), code } : { message: redact(message) });
    if (verdict === 'new') this.write(this.paint(33, `warning: ${escapeControl(message)}`));
  }

  async task<T>(label: string, run: (task: TaskHandle) => Promise<T>, describe?: (result: T) => string): Promise<T> {
    const started = performance.now();
    const activity = this.activity(label);
    try {
      const result = await run({ update: () => {} });
      const summary = escapeControl(describe ? describe(result) : label);
      if (this.verbosity !== 'quiet') this.write(`${this.paint(32, '✓')} ${summary} (${formatDuration(performance.now() - started)})`);
      return result;
    } finally {
      activity.done();
    }
  }

  /** Plain output: a start line, then "… still running" every HEARTBEAT_MS so a CI log never goes quiet. */
  activity(rawLabel: string): ActivityHandle {
    if (this.verbosity === 'quiet' || this.mode === 'silent' || this.mode === 'json') return { done() {} };
    const label = escapeControl(rawLabel);
    const started = performance.now();
    this.write(`› ${label}`);
    const timer = setInterval(() => this.write(`  … ${label} (${formatDuration(performance.now() - started)})`), HEARTBEAT_MS);
    timer.unref();
    return { done: () => clearInterval(timer) };
  }

  progress(rawLabel: string, totalBytes: number, verbs: ProgressVerbs = DEFAULT_VERBS): ProgressHandle {
    // Plain output: a line per transfer when it is done, and one every HEARTBEAT_MS while it runs.
    if (this.verbosity === 'quiet' || this.mode === 'silent' || this.mode === 'json') return noopProgress;
    const label = escapeControl(rawLabel);
    const started = performance.now();
    let sent = 0;
    const timer = setInterval(
      () => this.write(`  ${transferLine(verbs.active, label, sent, totalBytes, performance.now() - started)}`),
      HEARTBEAT_MS,
    );
    timer.unref();
    return {
      advance: (n) => {
        sent += n;
      },
      done: (ok = true) => {
        clearInterval(timer);
        if (ok) this.write(`${this.paint(32, '✓')} ${doneLine(verbs.done, label, totalBytes, performance.now() - started)}`);
      },
    };
  }
}

/** An interactive terminal: an ora spinner whose text shows every running task and transfer. */
class TtyReporter extends BaseReporter {
  private spinner: import('ora').Ora | undefined;
  private readonly active = new Map<number, () => string>();
  private nextId = 0;
  private ticker: NodeJS.Timeout | undefined;

  constructor(
    options: ReporterOptions,
    private readonly oraFactory: typeof import('ora').default,
  ) {
    super(options);
  }

  private refresh(): void {
    const text = [...this.active.values()].map((f) => f()).join('  ·  ');
    if (!this.spinner) {
      // discardStdin: false keeps the terminal out of raw mode. In raw mode Ctrl-C is a keystroke,
      // not SIGINT, and ora only re-emits it to listeners: the go compiler never got it and the
      // command went on. Cooked mode sends SIGINT to the whole process group, compiler included.
      this.spinner = this.oraFactory({
        text,
        stream: this.stream as NodeJS.WriteStream,
        color: 'cyan',
        isEnabled: true,
        discardStdin: false,
      });
      this.spinner.start();
    } else {
      this.spinner.text = text;
    }
    if (this.active.size === 0) {
      this.spinner.stop();
      this.spinner = undefined;
    }
  }

  protected override write(line: string): void {
    // Print above the spinner without tearing it.
    if (this.spinner) {
      this.spinner.clear();
      this.stream.write(redact(line) + '\n');
      this.spinner.render();
    } else {
      this.stream.write(redact(line) + '\n');
    }
  }

  /** Adds a spinner entry whose text is re-read on every refresh (elapsed time, bytes). */
  private show(text: () => string): () => void {
    const id = this.nextId++;
    this.active.set(id, text);
    this.refresh();
    // Elapsed times move even when nothing else does: refresh once a second while anything runs.
    this.ticker ??= setInterval(() => this.refresh(), 1000);
    this.ticker.unref();
    return () => {
      this.active.delete(id);
      if (this.active.size === 0 && this.ticker) {
        clearInterval(this.ticker);
        this.ticker = undefined;
      }
      this.refresh();
    };
  }

  override activity(rawLabel: string): ActivityHandle {
    if (this.verbosity === 'quiet') return { done() {} };
    const label = escapeControl(rawLabel);
    const started = performance.now();
    return { done: this.show(() => `${label} ${this.paint(90, formatDuration(performance.now() - started))}`) };
  }

  override async task<T>(rawLabel: string, run: (task: TaskHandle) => Promise<T>, describe?: (result: T) => string): Promise<T> {
    if (this.verbosity === 'quiet') return run({ update: () => {} });
    const label = escapeControl(rawLabel);
    let text = label;
    const started = performance.now();
    const elapsed = () => this.paint(90, formatDuration(performance.now() - started));
    const hide = this.show(() => `${text} ${elapsed()}`);
    try {
      const result = await run({
        update: (t) => {
          text = `${label}: ${escapeControl(t)}`;
          this.refresh();
        },
      });
      hide();
      this.write(
        `${this.paint(32, '✓')} ${describe ? escapeControl(describe(result)) : label} (${formatDuration(performance.now() - started)})`,
      );
      return result;
    } catch (err) {
      hide();
      this.write(`${this.paint(31, '✗')} ${label} (${formatDuration(performance.now() - started)})`);
      throw err;
    }
  }

  override progress(rawLabel: string, totalBytes: number, verbs: ProgressVerbs = DEFAULT_VERBS): ProgressHandle {
    if (this.verbosity === 'quiet') return noopProgress;
    const label = escapeControl(rawLabel);
    const started = performance.now();
    let sent = 0;
    const hide = this.show(() => transferLine(verbs.active, label, sent, totalBytes, performance.now() - started));
    return {
      advance: (n) => {
        sent += n;
        this.refresh();
      },
      // As oras does: a line per transfer stays on the screen once it is done.
      done: (ok = true) => {
        hide();
        if (ok) this.write(`${this.paint(32, '✓')} ${doneLine(verbs.done, label, totalBytes, performance.now() - started)}`);
      },
    };
  }
}

/** Library users and tests get this by default: records warnings, prints nothing. */
export function silentReporter(): Reporter {
  return new BaseReporter({ mode: 'silent' });
}

/** Pick the right reporter for a terminal, CI, or --json. ora is loaded only for a TTY. */
export async function createReporter(options: ReporterOptions): Promise<Reporter> {
  if (options.mode === 'tty') {
    const ora = (await import('ora')).default;
    return new TtyReporter(options, ora);
  }
  return new BaseReporter(options);
}

/** Mode rule: json wins; a spinner only on an interactive stderr outside CI. */
export function detectReporterMode(opts: { json?: boolean; isTTY: boolean; env: NodeJS.ProcessEnv }): ReporterMode {
  if (opts.json) return 'json';
  const ci = Boolean(opts.env.CI && opts.env.CI !== 'false' && opts.env.CI !== '0');
  if (opts.isTTY && !ci && opts.env.TERM !== 'dumb') return 'tty';
  return 'plain';
}

/**
 * The same reporter, with more warning codes silenced (a plugin's `silenceWarnings`). Everything
 * else is delegated, so output and recorded warnings stay in one place.
 */
export function withSilencedWarnings<R extends Reporter>(reporter: R, codes: readonly string[]): Reporter {
  if (codes.length === 0) return reporter;
  const silenced = new Set(codes);
  return {
    get mode() {
      return reporter.mode;
    },
    get verbosity() {
      return reporter.verbosity;
    },
    get warnings() {
      return reporter.warnings;
    },
    debug: (message) => reporter.debug(message),
    info: (message) => reporter.info(message),
    warn: (message, code) => {
      if (code && silenced.has(code)) {
        // Recorded for --json like any silenced warning, never printed.
        if (!reporter.warnings.some((w) => w.code === code && w.message === message))
          (reporter.warnings as Warning[]).push({ message: redact(message), code });
        return;
      }
      reporter.warn(message, code);
    },
    task: (label, run, describe) => reporter.task(label, run, describe),
    progress: (label, total) => reporter.progress(label, total),
  };
}
