/**
 * A plugin template and a workspace template make different things (one plugin folder, or a whole
 * repository), so each entry point accepts only its own kind and says which call to use instead.
 */
import { UsageError } from '@hplugin/core';
import type { Template } from './load.js';
import type { TemplateKind } from './manifest.js';

const USE: Record<TemplateKind, string> = {
  plugin: 'createPlugin (hplugin new <name> --template <id>)',
  workspace: 'createWorkspace (hplugin new --workspace <dir>)',
};

export function assertKind(template: Template, wanted: TemplateKind): void {
  const kind = template.manifest.kind;
  if (kind === wanted) return;
  throw new UsageError('SCAFFOLD_TEMPLATE_KIND', `The template "${template.id}" is a ${kind} template, not a ${wanted} template.`, {
    hint: `Use ${USE[kind]} for it, or pick a ${wanted} template (see hplugin new --list).`,
    details: { template: template.id, kind, wanted },
  });
}
