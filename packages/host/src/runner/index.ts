/**
 * @hplugin/host/runner: the hplugin.test.yaml runner without the TypeBox schema definitions (the
 * file is checked by the validator generated from them at build time), for `hplugin test`.
 */
export {
  runTestFile,
  isNoCaseMatched,
  scriptCallouts,
  type TestRunOptions,
  type TestFileResult,
  type CaseResult,
  type ReplySummary,
} from './run.js';
export { parseTestFile, loadTestFile, validateTestFile } from './load.js';
export type { TestFile, TestCase, CaseExpect, CalloutScript } from './schema.js';
