export * from './select.js';
export * from './run-many.js';
// The summary table moved to core (inspect prints one without loading the pipeline); kept here for its users.
export { renderTable } from '@hplugin/core';
export * from './stages/build.js';
export * from './targets.js';
export * from './stages/spec.js';
export * from './stages/metadata.js';
export * from './stages/package.js';
export * from './stages/publish.js';
export * from './publish-target.js';
export { recordUnchangedPublish, type RecordInput } from './replay/record.js';
