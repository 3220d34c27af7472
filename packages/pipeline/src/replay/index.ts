/**
 * @hplugin/pipeline/replay: the no-change fast path of `hplugin publish`, loadable on its own
 * (node built-ins and @hplugin/core only), before the argument parser and the stages.
 */
export { replayUnchangedPublish, type ReplayIo, type ReplayOptions } from './replay.js';
export { replayKey, type ReplayKeyInput, type ReplayRecord } from './record-file.js';
