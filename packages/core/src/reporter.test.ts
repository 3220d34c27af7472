import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createGroupReporter, createReporter, detectReporterMode, registerSecret, withSilencedWarnings } from '@hplugin/core';

function sink() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d) => (text += d));
  return { stream, text: () => text };
}

describe('reporter', () => {
  it('picks json, then tty only on an interactive terminal outside CI, else plain', () => {
    expect(detectReporterMode({ json: true, isTTY: true, env: {} })).toBe('json');
    expect(detectReporterMode({ isTTY: true, env: {} })).toBe('tty');
    expect(detectReporterMode({ isTTY: true, env: { CI: 'true' } })).toBe('plain');
    expect(detectReporterMode({ isTTY: false, env: {} })).toBe('plain');
    expect(detectReporterMode({ isTTY: true, env: { TERM: 'dumb' } })).toBe('plain');
  });

  it('plain mode prints a start and a done line per task, debug only when verbose, no escape codes', async () => {
    const out = sink();
    const r = await createReporter({ mode: 'plain', stream: out.stream });
    await r.task('Building x', async () => 1, () => 'Built x');
    r.debug('hidden');
    r.warn('careful', 'W_CODE');
    expect(out.text()).toMatch(/^› Building x\n✓ Built x \(\d+ms\)\nwarning: careful\n$/);
    expect(r.warnings).toEqual([{ message: 'careful', code: 'W_CODE' }]);
  });

  it('json mode writes nothing to stderr but keeps the warnings', async () => {
    const out = sink();
    const r = await createReporter({ mode: 'json', stream: out.stream });
    r.info('x');
    r.warn('y');
    expect(out.text()).toBe('');
    expect(r.warnings).toHaveLength(1);
  });

  it('redacts registered secrets from every line', async () => {
    registerSecret('s3cr3t-token');
    const out = sink();
    const r = await createReporter({ mode: 'plain', stream: out.stream });
    r.info('token is s3cr3t-token');
    expect(out.text()).toBe('token is ***\n');
  });

  it('a group reporter prints one block when flushed and counts its warnings in the parent', async () => {
    const out = sink();
    const parent = await createReporter({ mode: 'plain', stream: out.stream });
    const group = createGroupReporter(parent, 'alpha');
    group.info('first');
    group.warn('odd');
    expect(out.text()).toBe('');
    group.flush();
    expect(out.text()).toBe('── alpha\n   first\n   warning: odd\n');
    expect(parent.warnings).toEqual([{ message: 'alpha: odd' }]);
  });
});

describe('warnings once, and silenced by code', () => {
  it('prints a repeated warning once per reporter, and records but never prints a silenced code', async () => {
    const out = sink();
    const r = await createReporter({ mode: 'plain', stream: out.stream, silence: ['W_NOISY'] });
    r.warn('imports sched_yield', 'W_ONCE');
    r.warn('imports sched_yield', 'W_ONCE');
    r.warn('another message, same code', 'W_ONCE');
    r.warn('loud', 'W_NOISY');
    expect(out.text()).toBe('warning: imports sched_yield\nwarning: another message, same code\n');
    expect(r.warnings.map((w) => w.code)).toEqual(['W_ONCE', 'W_ONCE', 'W_NOISY']);
  });

  it('dedupes per plugin in a workspace run, and a plugin config can silence more codes', async () => {
    const out = sink();
    const parent = await createReporter({ mode: 'plain', stream: out.stream });
    for (const name of ['a', 'b']) {
      const group = createGroupReporter(parent, name, ['W_GLOBAL']);
      const plugin = name === 'b' ? withSilencedWarnings(group, ['W_ONCE']) : group;
      plugin.warn('imports sched_yield', 'W_ONCE');
      plugin.warn('imports sched_yield', 'W_ONCE');
      plugin.warn('silenced everywhere', 'W_GLOBAL');
      group.flush();
    }
    expect(out.text()).toBe('── a\n   warning: imports sched_yield\n');
    expect(parent.warnings.map((w) => `${w.message}/${w.code}`)).toEqual([
      'a: imports sched_yield/W_ONCE',
      'a: silenced everywhere/W_GLOBAL',
      'b: imports sched_yield/W_ONCE',
      'b: silenced everywhere/W_GLOBAL',
    ]);
  });
});
