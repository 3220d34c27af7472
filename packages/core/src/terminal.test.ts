import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { createReporter } from './reporter.js';
import { escapeControl } from './terminal.js';

describe('escapeControl', () => {
  it('shows control characters instead of sending them, keeping newlines and tabs', () => {
    expect(escapeControl('a\u001b[2Jb\u0007c\rd\te\nf\u009bg\u202eh')).toBe('a\\x1b[2Jb\\x07c\\x0dd\te\nf\\x9bg\\u202eh');
  });

  it('the reporter escapes what it is given, then adds its own colours', async () => {
    const stream = new PassThrough();
    let out = '';
    stream.on('data', (d) => (out += d));
    const reporter = await createReporter({ mode: 'plain', color: true, stream });
    reporter.warn('registry says \u001b]0;owned\u0007');
    reporter.info('plugin log: \u001b[2J');
    expect(out).toContain('\\x1b]0;owned\\x07');
    expect(out).toContain('plugin log: \\x1b[2J');
    // The only escape sequences left are our own colour codes.
    // eslint-disable-next-line no-control-regex -- looks for the ESC byte of ANSI sequences.
    expect(out.replace(/\u001b\[(33|39)m/g, '')).not.toContain('\u001b');
  });
});
