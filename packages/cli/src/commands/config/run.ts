import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { resolvePluginConfig, type ResolvedPluginConfig } from '@hplugin/config';
import type { CommandResult, Context } from '../../context.js';
import type { ConfigArgs } from './spec.js';

/** The config as the user would write it, with absolute paths shown relative to the plugin. */
function view(cfg: ResolvedPluginConfig): Record<string, unknown> {
  const { sources: _s, pluginDir: _p, configFile: _c, workspaceRoot: _w, workspaceConfigFile: _wc, ...rest } = cfg;
  return rest;
}

/** `key: value   # source` lines, sorted like the YAML, so a person can see why each value is what it is. */
function annotate(cfg: ResolvedPluginConfig): string {
  const yaml = stringify(view(cfg), { lineWidth: 0 });
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of yaml.trimEnd().split('\n')) {
    const m = /^( *)([^:\s][^:]*):(.*)$/.exec(line);
    if (!m) {
      out.push(line);
      continue;
    }
    const depth = m[1]!.length / 2;
    stack.length = depth;
    stack.push(m[2]!);
    const source = cfg.sources[stack.join('.')];
    out.push(source && m[3]!.trim() !== '' ? `${line}   # ${source}` : line);
  }
  return out.join('\n');
}

function where(cfg: ResolvedPluginConfig): string {
  const files = [cfg.configFile, cfg.workspaceConfigFile].filter(Boolean);
  return `# plugin folder: ${cfg.pluginDir}\n# config files: ${files.length ? files.join(', ') : 'none (Higress folder conventions and defaults)'}\n`;
}

export async function showConfig(args: ConfigArgs, ctx: Context): Promise<CommandResult> {
  const cfg = await resolvePluginConfig({ cwd: resolve(ctx.cwd, args.dir ?? '.') });
  return {
    data: {
      pluginDir: cfg.pluginDir,
      configFile: cfg.configFile ?? null,
      workspaceConfigFile: cfg.workspaceConfigFile ?? null,
      config: view(cfg),
      sources: cfg.sources,
    },
    text: where(cfg) + annotate(cfg),
  };
}

export async function validateConfig(args: ConfigArgs, ctx: Context): Promise<CommandResult> {
  const cfg = await resolvePluginConfig({ cwd: resolve(ctx.cwd, args.dir ?? '.') });
  const files = [cfg.configFile, cfg.workspaceConfigFile].filter(Boolean) as string[];
  return {
    data: { valid: true, pluginDir: cfg.pluginDir, files },
    text: `✓ config of ${cfg.name}@${cfg.version} is valid${files.length ? ` (${files.join(', ')})` : ' (no config file: conventions and defaults)'}`,
  };
}
