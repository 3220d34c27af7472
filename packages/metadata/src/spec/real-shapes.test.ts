/**
 * spec generation on the shapes real Higress plugins have (plugins/wasm-go/extensions/*): config
 * types in a sub-package, dot-imports, annotation blocks on func main, and configs read with gjson
 * whose Go field names are not the property names. The fixtures build with the real SDK (the e2e
 * tests build them); here they are only parsed.
 */
import { describe, expect, it } from 'vitest';
import { TEST_CACHE_DIR, at, expectError, fixture, keysOf, tempDir, writeTree } from '../__fixtures__/helpers.js';
import { generateSpec } from './generate.js';

const gen = (pluginDir: string) => generateSpec({ pluginDir, cacheDir: TEST_CACHE_DIR });
const props = (spec: { spec: { configSchema: { openAPIV3Schema: unknown } } }) => at(spec.spec.configSchema.openAPIV3Schema, 'properties');

describe('an auth plugin shaped like basic-auth', () => {
  it('takes phase, priority and category from the annotations on the struct', async () => {
    const { spec, keys, warnings } = await gen(fixture('auth-plugin'));
    expect(spec.info).toMatchObject({ name: 'auth-plugin', category: 'auth', version: '1.0.0', title: 'Token Auth' });
    expect(spec.spec).toMatchObject({ phase: 'AUTHN', priority: 320 });
    // Unexported fields named by their yaml tags; the gjson readers read the same keys.
    expect(keysOf(props(spec))).toEqual(['global_auth', 'consumers', 'allow']);
    expect(at(props(spec), 'consumers', 'items', 'properties')).toEqual({
      name: { type: 'string', title: 'Consumer name' },
      token: { type: 'string', title: 'Token' },
    });
    expect(keys).toMatchObject({ mode: 'gjson', readers: ['main.go:67 parseGlobalConfig', 'main.go:84 parseRouteConfig'] });
    expect(warnings).toEqual([]);
  });
});

describe('a config type in a sub-package, reached through a dot-import', () => {
  it('describes config/config.go and uses the annotation block on func main, with a warning', async () => {
    const { spec, configStruct, warnings, sources } = await gen(fixture('config-subpackage'));
    expect(configStruct).toEqual({ name: 'GateConfig', file: 'config/config.go', line: 5, reason: 'parse-config' });
    expect(spec.info).toMatchObject({ name: 'config-subpackage', category: 'auth', title: 'Token Gate' });
    expect(spec.spec).toMatchObject({ phase: 'AUTHZ', priority: 150 });
    expect(sources['spec.phase']).toBe('annotation main.go:14');
    const p = props(spec);
    expect(keysOf(p)).toEqual(['token_header', 'token_secret_key', 'rules', 'allow']);
    expect(at(p, 'token_secret_key')).toMatchObject({ type: 'string', title: 'Token secret', scope: 'GLOBAL' });
    expect(at(p, 'rules', 'items')).toEqual({
      type: 'object',
      properties: { path: { type: 'string' }, methods: { type: 'array', items: { type: 'string' } } },
      required: ['path'],
    });
    const detached = warnings.filter((w) => w.code === 'SPEC_ANNOTATIONS_DETACHED');
    expect(detached).toHaveLength(1);
    expect(detached[0]).toMatchObject({ file: 'main.go', line: 12 });
    expect(detached[0]!.message).toMatch(/^main\.go:12: .*on func main, not on a struct; it is used for the config struct GateConfig/);
  });

  it('follows `config *cfgpkg.T` in a parse function of the main package', async () => {
    const dir = await tempDir();
    await writeTree(dir, {
      'go.mod': 'module example.com/p\n\ngo 1.24\n',
      'main.go': `package main

import (
	"github.com/higress-group/wasm-go/pkg/wrapper"
	"github.com/tidwall/gjson"
	cfgpkg "example.com/p/internal/settings"
)

func main() {}

func init() { wrapper.SetCtx("p", wrapper.ParseConfigBy(parse)) }

func parse(json gjson.Result, config *cfgpkg.Settings) error {
	config.Limit = json.Get("max_requests").Int()
	return nil
}
`,
      'internal/settings/settings.go':
        'package settings\n\n// Settings has one untagged field, read as max_requests.\ntype Settings struct {\n\t// Requests per second.\n\tLimit int64\n}\n',
    });
    const { spec, configStruct } = await gen(dir);
    expect(configStruct).toMatchObject({ name: 'Settings', file: 'internal/settings/settings.go' });
    expect(props(spec)).toEqual({ max_requests: { type: 'integer', description: 'Requests per second.' } });
  });
});

describe('dot-imported config types and broken sub-packages', () => {
  it('resolves `config *T` through a dot-import, and a sub-package that does not parse is a warning', async () => {
    const dir = await writeTree(await tempDir(), {
      'go.mod': 'module example.com/d\n\ngo 1.24\n',
      'main.go': `package main

import (
	"github.com/higress-group/wasm-go/pkg/wrapper"
	"github.com/tidwall/gjson"

	_ "example.com/d/broken"
	. "example.com/d/cfg"
)

func main() {}

func init() { wrapper.SetCtx("d", wrapper.ParseConfigBy(parse)) }

func parse(json gjson.Result, config *Settings) error { return nil }
`,
      'cfg/cfg.go': 'package cfg\n\ntype Settings struct {\n\tName string `json:"name"`\n}\n',
      'broken/broken.go': 'package broken\n\nfunc (\n',
    });
    const { spec, configStruct, warnings } = await gen(dir);
    expect(configStruct).toMatchObject({ name: 'Settings', file: 'cfg/cfg.go', reason: 'parse-config' });
    expect(props(spec)).toEqual({ name: { type: 'string' } });
    const unreadable = warnings.find((w) => w.code === 'SPEC_PACKAGE_UNREADABLE');
    expect(unreadable?.message).toMatch(/^broken\/broken\.go:\d+: Package example\.com\/d\/broken was not read: Go syntax error/);
  });
});

describe('a config read with gjson (request-block shape)', () => {
  it('names properties by the keys parseConfig reads, never by Go fields', async () => {
    const { spec, keys, warnings } = await gen(fixture('gjson-keys'));
    const p = props(spec);
    expect(keysOf(p)).toEqual(['token_secret_key', 'token_header', 'expire_seconds', 'blocked_paths', 'debug']);
    expect(at(p, 'token_secret_key')).toEqual({ type: 'string' });
    expect(at(p, 'expire_seconds')).toEqual({ type: 'integer' });
    // []*regexp.Regexp cannot be described; the accessor (.Array()) can.
    expect(at(p, 'blocked_paths')).toEqual({ type: 'array', items: {} });
    // Read into a local only, typed by .Bool().
    expect(at(p, 'debug')).toEqual({ type: 'boolean' });
    for (const goName of ['tokenSecretKey', 'tokenHeader', 'Issuer', 'blockedPaths']) expect(p).not.toHaveProperty(goName);
    expect(keys).toMatchObject({ mode: 'gjson', unknown: ['Issuer'], extra: ['debug'], fields: { tokenSecretKey: 'token_secret_key' } });
    const unknown = warnings.find((w) => w.code === 'SPEC_CONFIG_KEY_UNKNOWN');
    expect(unknown?.message).toMatch(
      /^main\.go:33: Field Issuer has no json tag .* left out of the schema rather than named after its Go field/,
    );
  });

  it('follows helpers given the whole config, not those given a sub-object', async () => {
    const dir = await writeTree(await tempDir(), {
      'main.go': `package main

import (
	"github.com/higress-group/wasm-go/pkg/wrapper"
	"github.com/tidwall/gjson"
)

func main() {}

func init() { wrapper.SetCtx("helpers", wrapper.ParseConfigBy(parse)) }

type Config struct {
	name    string
	rules   []string
	timeout int64
}

func parse(json gjson.Result, config *Config) error {
	config.name = json.Get("name").String()
	initRules(json, config)
	initRedis(json.Get("redis"), config)
	return nil
}

// Given the whole config: its keys are the config's.
func initRules(json gjson.Result, c *Config) {
	for _, r := range json.Get("rules").Array() {
		c.rules = append(c.rules, r.String())
	}
}

// Given json.Get("redis"): "timeout" is redis.timeout, not a top-level key.
func initRedis(redis gjson.Result, c *Config) {
	c.timeout = redis.Get("timeout").Int()
}
`,
    });
    const { spec, keys } = await gen(dir);
    expect(props(spec)).toEqual({ name: { type: 'string' }, rules: { type: 'array', items: { type: 'string' } }, redis: {} });
    expect(keys.readers).toEqual(['main.go:18 parse', 'main.go:26 initRules']);
  });

  it('says it cannot know the keys, and lists none, when the parse function hides them', async () => {
    const dir = await writeTree(await tempDir(), {
      'go.mod': 'module example.com/hidden\n\ngo 1.24\n',
      'main.go': `package main

import (
	"github.com/higress-group/wasm-go/pkg/wrapper"
	"github.com/tidwall/gjson"
)

func main() {}

func init() { wrapper.SetCtx("hidden", wrapper.ParseConfigBy(parse)) }

type Config struct {
	Secret string
	Header string
}

func parse(json gjson.Result, config *Config) error {
	fill(config, json.Raw)
	return nil
}

func fill(c *Config, raw string) { c.Secret = raw }
`,
    });
    const { spec, warnings } = await gen(dir);
    expect(props(spec)).toEqual({});
    expect(warnings.map((w) => w.code)).toEqual(['SPEC_CONFIG_KEY_UNKNOWN', 'SPEC_CONFIG_KEY_UNKNOWN', 'SPEC_NO_PROPERTIES']);
    expect(warnings[2]!.message).toMatch(
      /is read with gjson \(main\.go:17 parse\) and hplugin could trace no json\.Get\("key"\).*cannot know the property names/,
    );
  });

  it('keeps tag names when the parse function decodes with json.Unmarshal', async () => {
    const dir = await writeTree(await tempDir(), {
      'main.go': `package main

import (
	"encoding/json"

	"github.com/higress-group/wasm-go/pkg/wrapper"
	"github.com/tidwall/gjson"
)

func main() {}

func init() { wrapper.SetCtx("decoded", wrapper.ParseConfigBy(parse)) }

type Config struct {
	Secret string \`json:"secret"\`
	Header string
}

func parse(data gjson.Result, config *Config) error { return json.Unmarshal([]byte(data.Raw), config) }
`,
    });
    const { spec, keys } = await gen(dir);
    expect(keys.mode).toBe('tags');
    expect(keysOf(props(spec))).toEqual(['secret', 'Header']); // what encoding/json reads
  });
});

describe('annotation blocks and missing config structs', () => {
  it('uses a block that a blank line separates from the struct, and says so', async () => {
    const dir = await writeTree(await tempDir(), {
      'main.go': `package main

import "github.com/higress-group/wasm-go/pkg/wrapper"

func main() {}

func init() { wrapper.SetCtx("gap", wrapper.ParseConfigBy(parse)) }

// @Name gap
// @Category security
// @Priority 42

type GapConfig struct {
	Limit int \`json:"limit"\`
}

func parse(json string, config *GapConfig) error { return nil }
`,
    });
    const { spec, warnings } = await gen(dir);
    expect(spec.info).toMatchObject({ name: 'gap', category: 'security' });
    expect(spec.spec.priority).toBe(42);
    expect(warnings[0]).toMatchObject({ code: 'SPEC_ANNOTATIONS_DETACHED', file: 'main.go', line: 9 });
    expect(warnings[0]!.message).toContain('not attached to any declaration');
  });

  it('names the `config *T` parameter it found when T cannot be described', async () => {
    const dir = await writeTree(await tempDir(), {
      'go.mod': 'module example.com/outside\n\ngo 1.24\n',
      'main.go': `package main

import (
	"github.com/higress-group/wasm-go/pkg/wrapper"
	"github.com/tidwall/gjson"
	shared "example.org/shared/config"
)

func main() {}

func init() { wrapper.SetCtx("outside", wrapper.ParseConfigBy(parseConfig)) }

func parseConfig(json gjson.Result, config *shared.Config) error { return nil }
`,
    });
    const err = await expectError(gen(dir), 'SPEC_CONFIG_STRUCT_NOT_FOUND');
    expect(err.message).not.toContain('no wrapper.ParseConfigBy/ParseConfig call names a function with a `config *T` parameter');
    expect(err.message).toContain(
      "parseConfig (main.go:13) takes `config *shared.Config`, but it comes from example.org/shared/config, outside the plugin's module",
    );
  });
});
