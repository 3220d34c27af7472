export * from './constants.js';
export type { PluginConfigInput, Metadata } from './schema.js';
export { resolvePluginConfig, type ResolvedPluginConfig, type ResolveOptions } from './resolve.js';
export { discoverConfigs, loadConfigIn, SEARCH_PLACES, type FoundConfig, type Discovery } from './discover.js';
export { validateConfigObject, formatProblem, type ConfigProblem } from './validate.js';
export { pluginNameIn, resolveWorkspace, type Workspace } from './workspace.js';
export { releaseTagPrefix, versionFromReleaseTag, type TagVersion } from './version-tag.js';
