import { describe, it, expect } from 'vitest';
import { parseManifest } from './manifest.js';

const base = 'id: t\ndescription: d\nparameters:\n  - name: name\n    prompt: Name\n';

describe('parseManifest', () => {
  it('reads parameters, coerces scalar defaults to strings, and reads the rename table', () => {
    const m = parseManifest(
      `${base}  - name: priority\n    prompt: P\n    default: 0\n  - name: kind\n    prompt: K\n    enum: [a, b]\nrename:\n  _npmrc: .npmrc\n`,
      't.yaml',
    );
    expect(m.parameters.map((p) => p.name)).toEqual(['name', 'priority', 'kind']);
    expect(m.parameters[1]!.default).toBe('0');
    expect(m.parameters[2]!.enum).toEqual(['a', 'b']);
    expect(m.rename).toEqual({ _npmrc: '.npmrc' });
  });

  it('reads the kind: plugin unless the manifest says workspace', () => {
    expect(parseManifest(base, 't.yaml').kind).toBe('plugin');
    expect(parseManifest(`kind: workspace\n${base}`, 't.yaml').kind).toBe('workspace');
  });

  it.each([
    ['an unknown kind', `kind: library\n${base}`, /kind must be one of plugin, workspace/],
    ['an unknown top-level key', `${base}extra: 1\n`, /unknown key "extra"/],
    ['an unknown parameter key', `${base}    defualt: x\n`, /unknown key "defualt"/],
    ['no name parameter', 'id: t\nparameters:\n  - name: title\n    prompt: T\n', /"name" parameter/],
    ['pattern and enum together', `${base}  - name: x\n    prompt: X\n    pattern: a\n    enum: [a]\n`, /both pattern and enum/],
    ['a broken pattern', `${base}  - name: x\n    prompt: X\n    pattern: "("\n`, /not a regular expression/],
    ['a parameter that can never get a value', `${base}  - name: x\n`, /neither a prompt nor a default/],
    ['a duplicate parameter', `${base}  - name: name\n    prompt: again\n`, /declared twice/],
    ['a bad id', 'id: Bad_Id\nparameters: []\n', /kebab-case/],
  ])('rejects %s', (_label, text, message) => {
    expect(() => parseManifest(text, 't.yaml')).toThrow(message);
    try {
      parseManifest(text, 't.yaml');
    } catch (err) {
      expect((err as { code: string }).code).toBe('SCAFFOLD_TEMPLATE_INVALID');
    }
  });
});
