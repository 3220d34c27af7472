/**
 * The one logger. Stages never print: they call a Reporter, and the CLI picks the implementation:
 * - tty:    spinners and byte progress on stderr (ora), only on an interactive terminal outside CI
 * - plain:  one line per step on stderr, no escape codes, no spinner frames (CI, pipes)
 * - json:   nothing on stderr but errors; warnings are collected for the final JSON document
 * - silent: for library users and tests
 * Results (the thing the user asked for) go to stdout and are printed by the CLI, not through here.
 */
import { redact } from './secrets.js';
import { formatBytes, formatDuration } from './format.js';

export type Verbosity = 'quiet' | 'normal' | 'verbose';
export type ReporterMode = 'tty' | 'plain' | 'json' | 'silent';

export interface TaskHandle {
  /** Replace the task's running text (spinner text on a TTY; ignored elsewhere). */
  update(text: string): void;
}

export interface ProgressHandle {
  advance(bytes: number): void;
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
  /** Byte progress for one transfer. */
  progress(label: string, totalBytes: number): ProgressHandle;
  readonly warnings: readonly Warning[];
}

export interface ReporterOptions {
  mode: ReporterMode;
  verbosity?: Verbosity;
  color?: boolean;
  stream?: NodeJS.WritableStream;
}

const noopProgress: ProgressHandle = { advance() {}, done() {} };

class BaseReporter implements Reporter {
  readonly warnings: Warning[] = [];
  readonly mode: ReporterMode;
  readonly verbosity: Verbosity;
  protected readonly color: boolean;
  protected readonly stream: NodeJS.WritableStream;

  constructor(options: ReporterOptions) {
    this.mode = options.mode;
    this.verbosity = options.verbosity ?? 'normal';
    this.color = options.color ?? false;
    this.stream = options.stream ?? process.stderr;
  }

  protected write(line: string): void {
    if (this.mode === 'silent' || this.mode === 'json') return;
    this.stream.write(redact(line) + '\n');
  }

  protected paint(code: number, text: string): string {
    return this.color ? `\u001b[${code}m${text}\u001b[39m` : text;
  }

  debug(message: string): void {
    if (this.verbosity === 'verbose') this.write(this.paint(90, `  ${message}`));
  }

  info(message: string): void {
    if (this.verbosity !== 'quiet') this.write(message);
  }

  warn(message: string, code?: string): void {
    this.warnings.push(code ? { message: redact(message), code } : { message: redact(message) });
    this.write(this.paint(33, `warning: ${message}`));
  }

  async task<T>(label: string, run: (task: TaskHandle) => Promise<T>, describe?: (result: T) => string): Promise<T> {
    const started = performance.now();
    if (this.verbosity !== 'quiet') this.write(`› ${label}`);
    const result = await run({ update: () => {} });
    const summary = describe ? describe(result) : label;
    if (this.verbosity !== 'quiet') this.write(`${this.paint(32, '✓')} ${summary} (${formatDuration(performance.now() - started)})`);
    return result;
  }

  progress(label: string, totalBytes: number): ProgressHandle {
    // Plain mode: a start line and a done line; no percentages that would flood CI logs.
    if (this.verbosity !== 'verbose' || this.mode !== 'plain') return noopProgress;
    let sent = 0;
    return {
      advance: (n) => {
        sent += n;
      },
      done: () => this.debug(`${label}: ${formatBytes(sent)} of ${formatBytes(totalBytes)}`),
    };
  }
}

/** An interactive terminal: an ora spinner whose text shows every running task and transfer. */
class TtyReporter extends BaseReporter {
  private spinner: import('ora').Ora | undefined;
  private readonly active = new Map<number, () => string>();
  private nextId = 0;

  constructor(options: ReporterOptions, private readonly oraFactory: typeof import('ora').default) {
    super(options);
  }

  private refresh(): void {
    const text = [...this.active.values()].map((f) => f()).join('  ·  ');
    if (!this.spinner) {
      // discardStdin: false keeps the terminal out of raw mode. In raw mode Ctrl-C is a keystroke,
      // not SIGINT, and ora only re-emits it to listeners: the go compiler never got it and the
      // command went on. Cooked mode sends SIGINT to the whole process group, compiler included.
      this.spinner = this.oraFactory({ text, stream: this.stream as NodeJS.WriteStream, color: 'cyan', isEnabled: true, discardStdin: false });
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

  override async task<T>(label: string, run: (task: TaskHandle) => Promise<T>, describe?: (result: T) => string): Promise<T> {
    if (this.verbosity === 'quiet') return run({ update: () => {} });
    const id = this.nextId++;
    let text = label;
    const started = performance.now();
    this.active.set(id, () => text);
    this.refresh();
    try {
      const result = await run({
        update: (t) => {
          text = `${label}: ${t}`;
          this.refresh();
        },
      });
      this.active.delete(id);
      this.refresh();
      this.write(`${this.paint(32, '✓')} ${describe ? describe(result) : label} (${formatDuration(performance.now() - started)})`);
      return result;
    } catch (err) {
      this.active.delete(id);
      this.refresh();
      this.write(`${this.paint(31, '✗')} ${label}`);
      throw err;
    }
  }

  override progress(label: string, totalBytes: number): ProgressHandle {
    if (this.verbosity === 'quiet') return noopProgress;
    const id = this.nextId++;
    let sent = 0;
    this.active.set(id, () => {
      const pct = totalBytes > 0 ? Math.floor((sent / totalBytes) * 100) : 100;
      return `${label} ${formatBytes(sent)}/${formatBytes(totalBytes)} ${pct}%`;
    });
    this.refresh();
    return {
      advance: (n) => {
        sent += n;
        this.refresh();
      },
      done: () => {
        this.active.delete(id);
        this.refresh();
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
