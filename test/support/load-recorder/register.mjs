/**
 * `node --import` this file (or NODE_OPTIONS=--import=…) to record every module the process loads:
 * one URL a line, appended to the file named by $HPLUGIN_LOAD_LOG. The load test reads it to check
 * what each command imports. NODE_OPTIONS is cleared here so that child processes are not recorded.
 */
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
delete process.env.NODE_OPTIONS;
