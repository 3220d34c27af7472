import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createGroupReporter,
  createReporter,
  detectReporterMode,
  formatSpeed,
  HEARTBEAT_MS,
  registerSecret,
  withSilencedWarnings,
} from '@hplugin/core';

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
    await r.task(
      'Building x',
      async () => 1,
      () => 'Built x',
    );
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

  describe('progress', () => {
    afterEach(() => vi.useRealTimers());

    it('plain: a line per transfer when done (name, size, time, speed), periodic lines while it runs, none on failure', async () => {
      vi.useFakeTimers();
      const out = sink();
      const r = await createReporter({ mode: 'plain', stream: out.stream });
      const layer = r.progress('plugin.tar.gz', 4 * 1024 * 1024, { active: 'Uploading', done: 'Uploaded' });
      layer.advance(1024 * 1024);
      vi.advanceTimersByTime(HEARTBEAT_MS);
      expect(out.text()).toMatch(/^ {2}Uploading plugin\.tar\.gz {2}1\.0 MiB \/ 4\.0 MiB {2}25% {2}[\d.]+ KiB\/s\n$/);
      layer.advance(3 * 1024 * 1024);
      vi.advanceTimersByTime(500);
      layer.done();
      expect(out.text().split('\n')[1]).toMatch(/^✓ Uploaded plugin\.tar\.gz {2}4\.0 MiB in [\d.]+s \([\d.]+ KiB\/s\)$/);
      const failed = r.progress('README.md', 10, { active: 'Uploading', done: 'Uploaded' });
      failed.done(false);
      expect(out.text()).not.toContain('README.md');
    });

    it('plain: a long task says it is still running every HEARTBEAT_MS', async () => {
      vi.useFakeTimers();
      const out = sink();
      const r = await createReporter({ mode: 'plain', stream: out.stream });
      let finish: () => void = () => {};
      const running = r.task(
        'Compiling demo',
        () => new Promise<void>((resolve) => (finish = resolve)),
        () => 'Compiled demo',
      );
      vi.advanceTimersByTime(2 * HEARTBEAT_MS);
      finish();
      await running;
      expect(out.text()).toMatch(
        /^› Compiling demo\n {2}… Compiling demo \(15\.0s\)\n {2}… Compiling demo \(30\.0s\)\n✓ Compiled demo \(30\.0s\)\n$/,
      );
    });

    it('tty: the live line names the layer with bytes and %, and a line per layer stays when done', async () => {
      const out = sink();
      const r = await createReporter({ mode: 'tty', stream: out.stream });
      const layer = r.progress('plugin.tar.gz', 2048, { active: 'Uploading', done: 'Uploaded' });
      layer.advance(1024);
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(out.text()).toContain('Uploading plugin.tar.gz  1.0 KiB / 2.0 KiB  50%');
      layer.advance(1024);
      layer.done();
      expect(out.text()).toMatch(/✓ Uploaded plugin\.tar\.gz {2}2\.0 KiB in \d+(ms|\.\ds)/);
    });

    it('a group reporter shows its tasks through the parent while they run and keeps the done lines for its block', async () => {
      const out = sink();
      const parent = await createReporter({ mode: 'plain', stream: out.stream });
      const group = createGroupReporter(parent, 'alpha');
      await group.task(
        'Compiling alpha',
        async () => {
          expect(out.text()).toBe('› alpha: Compiling alpha\n');
        },
        () => 'Compiled alpha',
      );
      group.flush();
      expect(out.text()).toMatch(/^› alpha: Compiling alpha\n── alpha\n {3}✓ Compiled alpha \(\d+ms\)\n$/);
    });
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

describe('transfer speed', () => {
  it('prints whole bytes per second below 1 KiB/s (a 2-byte config in 13 ms)', () => {
    expect(formatSpeed(2, 13)).toBe('154 B/s');
    expect(formatSpeed(3 * 1024 * 1024, 2000)).toBe('1.5 MiB/s');
    expect(formatSpeed(0, 10)).toBe('');
  });
});
