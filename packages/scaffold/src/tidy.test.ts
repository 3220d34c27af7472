import { afterAll, describe, it, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createPlugin } from './create.js';
import { tidyModule } from './tidy.js';
import { tempDir, removeTempDirs, rejection } from './__fixtures__/helpers.js';

afterAll(removeTempDirs);

async function scaffolded(): Promise<string> {
  const cwd = await tempDir();
  const { targetDir } = await createPlugin({
    template: 'go-minimal',
    cwd,
    set: { name: 'tidy-me' },
    interactive: false,
    yes: true,
    tidy: false,
  });
  return targetDir;
}

describe('tidyModule', () => {
  it('keeps the files and says how to retry when go mod tidy fails', async () => {
    const dir = await scaffolded();
    // An empty module cache and no proxy: the SDK modules cannot be found.
    const env = { GOMODCACHE: join(await tempDir(), 'modcache'), GOPROXY: 'off', GOFLAGS: '-modcacherw' };
    const err = await rejection(tidyModule(dir, { env }));
    expect(err.code).toBe('SCAFFOLD_TIDY_FAILED');
    expect(err.exitCode).toBe(1);
    expect(err.message).toMatch(/higress-group/);
    expect(err.hint).toContain(`cd ${dir} && go mod tidy`);
    expect(existsSync(join(dir, 'main.go'))).toBe(true);
  });

  it('names a go binary that does not exist', async () => {
    const dir = await scaffolded();
    const err = await rejection(tidyModule(dir, { goBinary: '/nonexistent/bin/go' }));
    expect(err.code).toBe('SCAFFOLD_GO_NOT_FOUND');
    expect(err.hint).toContain('go mod tidy');
  });

  it('does nothing in a folder without go.mod', async () => {
    expect(await tidyModule(await tempDir())).toEqual({ ran: false, durationMs: 0 });
  });
});
