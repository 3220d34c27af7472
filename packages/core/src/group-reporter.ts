/**
 * A reporter for one plugin among many running in parallel: it buffers the plugin's lines and
 * writes them as one block when the plugin finishes, so that parallel output is grouped, not
 * interleaved. Warnings still reach the parent (for --json and the final count).
 */
import { formatBytes, formatDuration } from './format.js';
import { WarningFilter, type Reporter, type TaskHandle, type Warning } from './reporter.js';

export interface GroupReporter extends Reporter {
  /** Write the buffered block (a header line, then the plugin's lines, indented). */
  flush(): void;
}

export function createGroupReporter(parent: Reporter, title: string, silence: readonly string[] = []): GroupReporter {
  const lines: string[] = [];
  // Per plugin: the same warning from two stages of one plugin prints once.
  const filter = new WarningFilter(silence);
  const warnings: Warning[] = [];
  const group: GroupReporter = {
    mode: parent.mode,
    verbosity: parent.verbosity,
    warnings,
    debug(message) {
      if (parent.verbosity === 'verbose') lines.push(`  ${message}`);
    },
    info(message) {
      if (parent.verbosity !== 'quiet') lines.push(message);
    },
    warn(message, code) {
      const verdict = filter.admit(message, code);
      if (verdict === 'repeat') return;
      warnings.push(code ? { message, code } : { message });
      if (verdict === 'new') lines.push(`warning: ${message}`);
    },
    async task<T>(label: string, run: (t: TaskHandle) => Promise<T>, describe?: (r: T) => string): Promise<T> {
      const started = performance.now();
      // The block is printed when the plugin is done; meanwhile the parent shows what runs (a
      // spinner entry on a TTY, a start line in CI), so a long workspace build is never silent.
      const activity = parent.activity?.(`${title}: ${label}`);
      try {
        const result = await run({ update() {} });
        if (parent.verbosity !== 'quiet')
          lines.push(`✓ ${describe ? describe(result) : label} (${formatDuration(performance.now() - started)})`);
        return result;
      } finally {
        activity?.done();
      }
    },
    progress(label, totalBytes, verbs) {
      // Live bytes through the parent; the done line goes into this plugin's block.
      const live = parent.progress(`${label} (${title})`, totalBytes, verbs);
      const started = performance.now();
      return {
        advance: (n) => live.advance(n),
        done: (ok = true) => {
          live.done(false);
          if (ok && parent.verbosity !== 'quiet')
            lines.push(
              `✓ ${verbs?.done ?? 'Transferred'} ${label}  ${formatBytes(totalBytes)} in ${formatDuration(performance.now() - started)}`,
            );
        },
      };
    },
    flush() {
      // Count the warnings in the parent (for --json) without printing them a second time.
      (parent.warnings as Warning[]).push(...warnings.map((w) => ({ ...w, message: `${title}: ${w.message}` })));
      warnings.length = 0;
      if (lines.length === 0 || parent.verbosity === 'quiet') return;
      parent.info([`── ${title}`, ...lines.map((l) => `   ${l}`)].join('\n'));
      lines.length = 0;
    },
  };
  return group;
}
