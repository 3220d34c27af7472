import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { TEST_CACHE_DIR, at, expectError, fixture, keysOf } from '../__fixtures__/helpers.js';
import { generateSpec } from './generate.js';

const gen = (name: string, extra: Partial<Parameters<typeof generateSpec>[0]> = {}) =>
  generateSpec({ pluginDir: fixture(name), cacheDir: TEST_CACHE_DIR, ...extra });

describe('generateSpec on an annotated plugin (consumer-auth)', () => {
  it('fills info and spec from the struct annotations', async () => {
    const { spec, configStruct } = await gen('consumer-auth');
    expect(configStruct).toEqual({ name: 'AuthConfig', file: 'main.go', line: 48, reason: 'annotation' });
    expect(spec.apiVersion).toBe('1.0.0');
    expect(spec.info).toEqual({
      category: 'auth',
      name: 'consumer-auth',
      title: 'Consumer Auth',
      'x-title-i18n': { 'zh-CN': '调用方认证' },
      description: 'Authenticates consumers by a shared credential.',
      'x-description-i18n': { 'zh-CN': '基于共享凭证认证调用方。' },
      iconUrl: 'https://example.com/icons/auth.png',
      version: '1.2.0',
      contact: { name: 'Gateway Team', url: 'https://example.com/gateway', email: 'gateway@example.com' },
    });
    expect(spec.spec.phase).toBe('AUTHN');
    expect(spec.spec.priority).toBe(310);
  });

  it('maps Go types, tags and field annotations to the schema', async () => {
    const schema = (await gen('consumer-auth')).spec.spec.configSchema.openAPIV3Schema;
    const p = at(schema, 'properties');
    // The embedded CommonSettings is flattened; unexported, json:"-" and untagged fields are left out.
    expect(keysOf(p)).toEqual(['reject_code', 'global_auth', 'consumers', 'allow', 'timeout', 'extra']);
    expect(at(p, 'reject_code')).toMatchObject({
      type: 'integer',
      minimum: 400,
      maximum: 599,
      'x-title-i18n': { 'zh-CN': '拒绝请求时的状态码' },
    });
    expect(at(p, 'global_auth')).toMatchObject({ type: 'boolean', scope: 'GLOBAL', title: 'Enable global auth' });
    expect(at(p, 'consumers')).toMatchObject({ type: 'array', minItems: 1, maxItems: 100, scope: 'GLOBAL' });
    const consumer = at(p, 'consumers', 'items');
    expect(at(consumer, 'required')).toEqual(['name', 'credential']);
    expect(at(consumer, 'properties', 'name')).toMatchObject({ type: 'string', minLength: 1, maxLength: 63, pattern: '^[a-z0-9-]+$' });
    expect(keysOf(at(consumer, 'properties'))).toEqual(['name', 'credential', 'tags', 'quota']); // yaml tag names "credential"
    expect(at(consumer, 'properties', 'tags')).toEqual({
      type: 'object',
      description: 'Labels attached to the consumer.',
      additionalProperties: { type: 'string' },
    });
    expect(at(consumer, 'properties', 'quota', 'properties', 'per_minute')).toEqual({ type: 'integer', minimum: 1 }); // *Quota → object
    expect(at(p, 'allow')).toMatchObject({
      scope: 'INSTANCE',
      example: ['consumer1', 'consumer2'],
      description: 'Allow lists the consumers that may call a matched route.',
    });
    expect(at(p, 'timeout', 'type')).toBe('string'); // time.Duration
    expect(at(p, 'extra')).toMatchObject({ type: 'object', additionalProperties: {} }); // map[string]interface{}
    expect(at(schema, 'required')).toEqual(['consumers']);
    expect(at(schema, 'example')).toEqual({
      global_auth: true,
      consumers: [{ name: 'consumer1', credential: 'admin:123456', tags: { team: 'a' } }],
      allow: ['consumer1'],
      timeout: '2s',
    });
  });

  it('renders deterministic YAML that parses back to the spec', async () => {
    const a = await gen('consumer-auth');
    const b = await gen('consumer-auth');
    expect(a.yaml).toBe(b.yaml);
    expect(parseYaml(a.yaml)).toEqual(a.spec);
    expect(a.yaml.split('\n').slice(2, 5)).toEqual(['apiVersion: 1.0.0', 'info:', '  category: auth']);
    expect(a.yaml).not.toMatch(/[&*]\w+/); // no anchors or aliases
  });

  it('can write scope as x-scope', async () => {
    const { spec } = await gen('consumer-auth', { scopeKey: 'x-scope' });
    expect(at(spec.spec.configSchema.openAPIV3Schema, 'properties', 'global_auth', 'x-scope')).toBe('GLOBAL');
  });
});

describe('config metadata and annotations', () => {
  it('warns about conflicts naming both sources; the annotation wins', async () => {
    const result = await gen('consumer-auth', {
      metadata: { version: '1.3.0', category: 'auth', priority: 100, titleI18n: { 'zh-CN': '其他标题', 'en-US': 'Consumer Auth (en)' } },
      metadataSources: { version: 'VERSION', 'metadata.priority': 'hplugin.config.yaml', 'metadata.titleI18n': 'hplugin.config.yaml' },
    });
    expect(result.spec.info.version).toBe('1.2.0');
    expect(result.spec.spec.priority).toBe(310);
    // A language only the config has is filled in from the config.
    expect(result.spec.info['x-title-i18n']).toEqual({ 'en-US': 'Consumer Auth (en)', 'zh-CN': '调用方认证' });
    const conflicts = result.warnings.filter((w) => w.code === 'SPEC_METADATA_CONFLICT').map((w) => w.message);
    expect(conflicts).toEqual([
      'info.x-title-i18n.zh-CN: the annotation at main.go:29 says "调用方认证", but metadata.titleI18n in hplugin.config.yaml says "其他标题"; using the annotation.',
      'info.version: the annotation at main.go:33 says "1.2.0", but version in VERSION says "1.3.0"; using the annotation.',
      'spec.priority: the annotation at main.go:27 says 310, but metadata.priority in hplugin.config.yaml says 100; using the annotation.',
    ]);
    expect(result.sources['info.version']).toBe('annotation main.go:33');
    expect(result.sources['info.x-title-i18n.en-US']).toBe('hplugin.config.yaml');
  });

  it('does not warn about config values that are only defaults', async () => {
    const result = await gen('consumer-auth', {
      metadata: { category: 'custom', phase: 'UNSPECIFIED_PHASE' },
      metadataSources: { 'metadata.category': 'default', 'metadata.phase': 'default' },
    });
    expect(result.warnings).toEqual([]);
  });

  it('fills everything the annotations leave out from the config, then defaults', async () => {
    const result = await gen('parse-config', { metadata: { name: 'header-block', title: 'Header Block', phase: 'AUTHZ' } });
    expect(result.spec.info).toEqual({ category: 'custom', name: 'header-block', title: 'Header Block', version: '0.1.0' });
    expect(result.spec.spec).toMatchObject({ phase: 'AUTHZ', priority: 0 });
    expect(result.sources).toMatchObject({
      'info.name': 'config',
      'info.category': 'default',
      'info.version': 'default',
      'spec.priority': 'default',
    });
  });
});

describe('finding the config struct', () => {
  it('follows wrapper.ParseConfigBy(parseConfig) and reads only wasip1 files', async () => {
    const { spec, configStruct, warnings } = await gen('parse-config');
    expect(configStruct).toMatchObject({ name: 'BlockConfig', file: 'config.go', reason: 'parse-config' });
    const p = at(spec.spec.configSchema.openAPIV3Schema, 'properties');
    // Unexported fields count when tagged or annotated (hgctl's template style); blockRegExps does not.
    expect(keysOf(p)).toEqual(['blocked_code', 'block_headers', 'case_sensitive', 'matcher']);
    expect(at(p, 'blocked_code')).toMatchObject({
      type: 'integer',
      title: 'Blocked status code',
      'x-title-i18n': { 'zh-CN': '拦截状态码' },
      minimum: 100,
    });
    expect(at(p, 'block_headers')).toMatchObject({ description: '需要拦截的请求头' });
    expect(at(p, 'matcher')).toEqual({ description: 'Exported but from another package: described as an open value, with a warning.' }); // no type: any value
    expect(warnings).toEqual([expect.objectContaining({ code: 'SPEC_TYPE_UNRESOLVED', file: 'config.go', line: 22 })]);
    expect(warnings[0]!.message).toContain('config.go:22: Type regexp.Regexp comes from another package (github.com/wasilibs/go-re2)');
  });

  it('follows wrapper.SetCtx[T] and maps of structs', async () => {
    const { spec, configStruct, keys, warnings } = await gen('generic-ctx', { main: '.' });
    expect(configStruct.reason).toBe('generic');
    const p = at(spec.spec.configSchema.openAPIV3Schema, 'properties');
    expect(at(p, 'routes', 'additionalProperties')).toEqual({
      type: 'object',
      properties: { cluster: { type: 'string' }, weight: { type: 'integer' } },
      required: ['cluster'],
    });
    expect(at(p, 'enabled')).toEqual({ type: 'boolean' });
    // No tag, and the config is read with gjson by the ParseConfig literal, which never reads a
    // "Labels" key: the Go name would be a guess, so the field is left out and that is said.
    expect(p).not.toHaveProperty('Labels');
    expect(keys.mode).toBe('gjson');
    expect(warnings.find((w) => w.code === 'SPEC_CONFIG_KEY_UNKNOWN')?.message).toMatch(/^main\.go:\d+: Field Labels has no json tag/);
    expect(at(p, 'feature', 'properties')).toEqual({ stable: { type: 'boolean' } });
  });

  it('reads the files that the extra build tags select', async () => {
    const { spec } = await gen('generic-ctx', { buildTags: ['feature_x'] });
    expect(at(spec.spec.configSchema.openAPIV3Schema, 'properties', 'feature', 'properties')).toEqual({
      experimental: { type: 'boolean' },
    });
  });

  it('says where to point main when the folder has no Go files', async () => {
    const err = await expectError(gen('consumer-auth', { main: 'missing' }), 'SPEC_GO_SOURCE_NOT_FOUND');
    expect(err.exitCode).toBe(2);
    expect(err.hint).toContain('build.main');
  });

  it('names files relative to the plugin folder when main is a subfolder', async () => {
    const result = await generateSpec({ pluginDir: fixture('.'), main: 'parse-config', cacheDir: TEST_CACHE_DIR, metadata: { name: 'x' } });
    expect(result.configStruct.file).toBe('parse-config/config.go');
    expect(result.warnings[0]!.message.startsWith('parse-config/config.go:22: ')).toBe(true);
  });

  it('describes a self-referencing struct once and keeps the first of two clashing embedded fields', async () => {
    const { spec, warnings } = await gen('recursive');
    const p = at(spec.spec.configSchema.openAPIV3Schema, 'properties');
    expect(at(p, 'root', 'properties', 'children')).toEqual({ type: 'array', items: { type: 'object' } });
    expect(keysOf(p)).toEqual(['root', 'side', 'only_left']);
    expect(warnings.map((w) => w.message)).toEqual([
      'main.go:24: Property "side" is declared twice, by Left.Side (main.go:19) and Right.Side (main.go:24); the first one is kept.',
    ]);
  });

  it('says what to add when there is no config struct', async () => {
    const err = await expectError(gen('no-config'), 'SPEC_CONFIG_STRUCT_NOT_FOUND');
    expect(err.exitCode).toBe(2);
    expect(err.hint).toContain('// @Name <plugin-name>');
    expect(err.hint).toContain('wrapper.ParseConfigBy(parseConfig)');
  });

  it('refuses two annotated structs', async () => {
    const err = await expectError(gen('ambiguous'), 'SPEC_CONFIG_STRUCT_AMBIGUOUS');
    expect(err.message).toContain('FirstConfig (main.go:6), SecondConfig (main.go:11)');
  });

  it('reports Go syntax errors with file:line', async () => {
    const err = await expectError(gen('syntax-error'), 'SPEC_GO_PARSE');
    expect(err.message).toBe("main.go:9: Go syntax error: expected '}', found 'func'.");
    expect(err.details).toEqual({ file: 'main.go', line: 9 });
  });
});

describe('examples that do not match the schema', () => {
  it('fail generation with every JSON path that is wrong', async () => {
    const err = await expectError(gen('bad-example'), 'SPEC_EXAMPLE_INVALID');
    expect(err.message.split('\n').slice(1)).toEqual([
      '  spec.configSchema.openAPIV3Schema.example.rules[0].limit: must be integer',
      '  spec.configSchema.openAPIV3Schema.example.rules[1].path: must be string',
      '  spec.configSchema.openAPIV3Schema.properties.mode.example: must be integer',
    ]);
    expect(err.hint).toContain('@Example at main.go:7');
  });
});
