import { afterAll, describe, it, expect } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadTemplate } from './load.js';
import { removeTempDirs, SMALL_FILES, tempDir, writeTemplate, rejection } from './__fixtures__/helpers.js';
import { resolveParameters } from './resolve.js';
import type { PromptQuestion } from './prompt.js';

afterAll(removeTempDirs);

describe('resolveParameters (go-http)', async () => {
  const template = await loadTemplate('go-http');

  it('with --yes takes the defaults, derived ones included', async () => {
    const params = await resolveParameters(template, { set: { name: 'rate-guard' }, interactive: false, yes: true });
    expect(params).toMatchObject({
      name: 'rate-guard',
      title: 'Rate Guard',
      category: 'custom',
      phase: 'UNSPECIFIED_PHASE',
      priority: '0',
      version: '0.1.0',
      module: 'example.com/plugins/rate-guard',
    });
  });

  it('takes caller defaults over manifest defaults, but below --set, the values file and answers', async () => {
    const defaults = { schema: '../../node_modules/hplugin/plugin.config.schema.json', version: '9.9.9', notAParameter: 'ignored' };
    const params = await resolveParameters(template, { set: { name: 'in-ws', version: '1.0.0' }, interactive: false, yes: true, defaults });
    expect(params).toMatchObject({ schema: defaults.schema, version: '1.0.0' });
    expect(params).not.toHaveProperty('notAParameter');
    // The prompt offers the caller's default.
    const asked: PromptQuestion[] = [];
    await resolveParameters(template, { set: { name: 'in-ws' }, interactive: true, defaults, prompt: async (q) => (asked.push(q), '') });
    expect(asked.find((q) => q.name === 'version')!.default).toBe('9.9.9');
  });

  it('asks through the injected prompt, in manifest order, with choices for enums', async () => {
    const asked: PromptQuestion[] = [];
    const answers: Record<string, string> = {
      name: 'auth-guard',
      title: '',
      description: 'Checks tokens',
      version: '1.2.3',
      category: 'auth',
      phase: 'AUTHN',
      priority: '450',
      module: 'github.com/acme/auth-guard',
    };
    const params = await resolveParameters(template, {
      interactive: true,
      prompt: async (q) => {
        asked.push(q);
        return answers[q.name]!;
      },
    });
    expect(asked.map((q) => q.name)).toEqual(['name', 'title', 'description', 'version', 'category', 'phase', 'priority', 'module']);
    expect(asked.find((q) => q.name === 'title')!.default).toBe('Auth Guard');
    expect(asked.find((q) => q.name === 'phase')!.choices).toEqual(['UNSPECIFIED_PHASE', 'AUTHN', 'AUTHZ', 'STATS']);
    expect(asked.find((q) => q.name === 'name')!.validate('My_Plugin')).toMatch(/kebab-case/);
    // An empty answer takes the default; the hidden "schema" parameter is never asked.
    expect(params).toMatchObject({
      name: 'auth-guard',
      title: 'Auth Guard',
      phase: 'AUTHN',
      priority: '450',
      schema: './.hplugin/plugin.config.schema.json',
    });
  });

  it('does not ask for what --set already gives', async () => {
    const asked: string[] = [];
    await resolveParameters(template, {
      set: { name: 'x', category: 'security' },
      interactive: true,
      prompt: async (q) => (asked.push(q.name), q.default ?? 'v'),
    });
    expect(asked).not.toContain('name');
    expect(asked).not.toContain('category');
  });

  it('reads a values file, and --set wins over it', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'values.yaml'), 'name: from-file\ncategory: flow-control\npriority: 250\n');
    const params = await resolveParameters(template, {
      set: { name: 'from-set' },
      valuesFile: 'values.yaml',
      cwd: dir,
      interactive: false,
      yes: true,
    });
    expect(params).toMatchObject({ name: 'from-set', category: 'flow-control', priority: '250', title: 'From Set' });
    await writeFile(join(dir, 'values.json'), JSON.stringify({ name: 'json-file', phase: 'STATS' }));
    expect(await resolveParameters(template, { valuesFile: join(dir, 'values.json'), interactive: false, yes: true })).toMatchObject({
      name: 'json-file',
      phase: 'STATS',
    });
  });

  it('without a TTY and without --yes names every missing value and the flags to pass', async () => {
    const err = await rejection(resolveParameters(template, { set: { name: 'x' }, interactive: false }));
    expect(err.code).toBe('SCAFFOLD_MISSING_VALUE');
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain('"category"');
    expect(err.hint).toContain('--set title=<value>');
    expect(err.hint).toContain('--yes');
  });

  it('with --yes still needs a name, which has no default', async () => {
    const err = await rejection(resolveParameters(template, { interactive: false, yes: true }));
    expect(err.code).toBe('SCAFFOLD_MISSING_VALUE');
    expect(err.message).toMatch(/"name"/);
    expect(err.message).not.toMatch(/"title"/);
    expect(err.hint).toContain('--set name=<value>');
  });

  it.each([
    ['name', 'My_Plugin', /kebab-case.*Did you mean "my-plugin"/],
    ['name', '../escape', /kebab-case/],
    ['category', 'auht', /Did you mean "auth"/],
    ['phase', 'authn', /Did you mean "AUTHN"/],
    ['priority', '1001', /integer from 0 to 1000/],
    ['priority', '-1', /integer from 0 to 1000/],
    ['priority', 'high', /integer from 0 to 1000/],
    ['version', '1.0', /semantic version/],
    // Refused by config, build and package too: `new` must not write a version nothing else accepts.
    ['version', '1.0.0-rc..1', /semantic version/],
    ['version', '1.0.0-01', /semantic version/],
    ['module', 'example.com/../x', /Go module path/],
    ['description', 'two\nlines', /single line/],
  ])('rejects %s=%j', async (key, value, message) => {
    const err = await rejection(resolveParameters(template, { set: { name: 'ok', [key]: value }, interactive: false, yes: true }));
    expect(err.code).toBe('SCAFFOLD_INVALID_VALUE');
    expect(err.message).toContain(JSON.stringify(value));
    expect(err.message).toMatch(message);
    expect(err.hint).toContain(`--set ${key}=`);
  });

  it('rejects an unknown --set key with a suggestion', async () => {
    const err = await rejection(resolveParameters(template, { set: { name: 'ok', categroy: 'auth' }, interactive: false, yes: true }));
    expect(err.code).toBe('SCAFFOLD_UNKNOWN_PARAMETER');
    expect(err.message).toContain('Did you mean "category"?');
  });

  it('rejects a bad answer from a prompt that ignores validate', async () => {
    const err = await rejection(
      resolveParameters(template, {
        set: { name: 'ok' },
        interactive: true,
        prompt: async (q) => (q.name === 'priority' ? '5000' : (q.default ?? 'x')),
      }),
    );
    expect(err.code).toBe('SCAFFOLD_INVALID_VALUE');
    expect(err.message).toContain('typed at the prompt');
  });

  it('normalises priority', async () => {
    expect((await resolveParameters(template, { set: { name: 'ok', priority: '007' }, interactive: false, yes: true })).priority).toBe('7');
  });

  it('with --yes never prompts, even when interactive', async () => {
    const params = await resolveParameters(template, {
      set: { name: 'quiet' },
      interactive: true,
      yes: true,
      prompt: async () => {
        throw new Error('prompted');
      },
    });
    expect(params.name).toBe('quiet');
  });

  it('rejects bad values files: unknown keys, nested values, unreadable files', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'typo.yaml'), 'nmae: x\n');
    await writeFile(join(dir, 'nested.yaml'), 'name: x\ncategory: [auth]\n');
    await writeFile(join(dir, 'broken.yaml'), 'name: [unclosed\n');
    const run = (valuesFile: string) => rejection(resolveParameters(template, { valuesFile, cwd: dir, interactive: false, yes: true }));
    const typo = await run('typo.yaml');
    expect(typo.code).toBe('SCAFFOLD_UNKNOWN_PARAMETER');
    expect(typo.message).toContain('Did you mean "name"?');
    expect((await run('nested.yaml')).code).toBe('SCAFFOLD_VALUES_FILE_INVALID');
    expect((await run('broken.yaml')).code).toBe('SCAFFOLD_VALUES_FILE_INVALID');
    expect((await run('missing.yaml')).code).toBe('SCAFFOLD_VALUES_FILE_UNREADABLE');
  });

  it("checks a third-party template's own pattern and enum", async () => {
    const dir = await tempDir();
    const small = await loadTemplate(await writeTemplate(join(dir, 'small'), SMALL_FILES));
    const greeting = await rejection(resolveParameters(small, { set: { name: 'x', greeting: 'Hi!' }, interactive: false, yes: true }));
    expect(greeting.message).toContain('a value matching /[a-z]+/');
    const flavour = await rejection(resolveParameters(small, { set: { name: 'x', flavour: 'spicey' }, interactive: false, yes: true }));
    expect(flavour.message).toContain('Did you mean "spicy"?');
  });
});
