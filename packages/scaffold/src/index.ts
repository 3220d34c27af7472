export { listTemplates, builtinTemplatesDir, DEFAULT_TEMPLATE, type TemplateSummary, type CatalogOptions } from './catalog.js';
export { loadTemplate, type Template, type LoadTemplateOptions } from './load.js';
export {
  parseManifest,
  readManifest,
  MANIFEST_FILE,
  TEMPLATE_KINDS,
  type TemplateKind,
  type TemplateManifest,
  type TemplateParameter,
} from './manifest.js';
export { resolveParameters, type ResolveOptions, type ResolvedParameters } from './resolve.js';
export { inquirerPrompt, type PromptFn, type PromptQuestion } from './prompt.js';
export { readValuesFile } from './values-file.js';
export { CATEGORIES, PHASES, PLUGIN_NAME, WELL_KNOWN, checkValue, problemWith } from './rules.js';
export { substitute, FILTERS } from './substitute.js';
export { renderTemplate, assertTargetUsable, type RenderOptions, type RenderResult } from './render.js';
export { tidyModule, type TidyOptions, type TidyResult } from './tidy.js';
export { nextSteps, type NextStepsOptions } from './next-steps.js';
export { placeInWorkspace, globParent, type WorkspaceInfo } from './workspace.js';
export { createPlugin, type CreatePluginOptions, type CreatePluginResult } from './create.js';
export {
  createWorkspace,
  DEFAULT_WORKSPACE_TEMPLATE,
  type CreateWorkspaceOptions,
  type CreateWorkspaceResult,
} from './create-workspace.js';
export {
  writeCiWorkflow,
  renderCiWorkflow,
  ciWorkflowPath,
  CI_PROVIDERS,
  type CiProvider,
  type WriteCiWorkflowOptions,
  type WriteCiWorkflowResult,
} from './ci.js';
export { schemaDefaults, writeSchemaCopies } from './schema-paths.js';
