export {
  publishLayout,
  prefetchRemote,
  isImmutableTag,
  type PublishOptions,
  type PublishResult,
  type RemoteHeadStart,
  type TagState,
} from './publish.js';
export { pullPlugin, type PullOptions, type PullResult } from './pull.js';
export { inspectRemote, type RemoteInspection } from './inspect-remote.js';
export {
  extractArtifact,
  extractPluginWasm,
  planExtraction,
  safeLayerName,
  MODULE_NAME,
  type ExtractedFile,
  type ExtractionPlan,
} from './extract.js';
