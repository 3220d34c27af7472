import { defineCommand } from '../command.js';
import { withDir, withMany, type DirArgs, type ManyArgs } from './shared.js';

export interface TestArgs extends DirArgs, ManyArgs {
  file?: string;
  case?: string;
}

export const testCommand = defineCommand<TestArgs>({
  command: 'test [dir]',
  describe: 'Run the cases in hplugin.test.yaml against the built module, in-process (no Envoy, no Docker)',
  builder: (y) =>
    withMany(withDir(y))
      .option('file', { type: 'string', describe: 'Test file, relative to the plugin folder', default: 'hplugin.test.yaml' })
      .option('case', { type: 'string', describe: 'Only cases whose name contains this text' }) as any,
  run: async (args, ctx) => (await import('./harness-run.js')).test(args, ctx),
});

export interface RunArgs extends DirArgs {
  config?: string;
  header?: string[];
  method: string;
  path: string;
  authority: string;
  body?: string;
  status: number;
  responseHeader?: string[];
  responseBody?: string;
  property?: string[];
  logLevel: string;
}

export const runCommand = defineCommand<RunArgs>({
  command: 'run [dir]',
  describe: 'Send one request through the built module and show what the plugin did',
  builder: (y) =>
    withDir(y)
      .option('config', { type: 'string', describe: 'Plugin config: JSON text, or @file (JSON or YAML)' })
      .option('header', { alias: 'H', type: 'string', array: true, describe: 'Request header name=value; repeatable' })
      .option('method', { alias: 'X', type: 'string', default: 'GET', describe: 'Request method' })
      .option('path', { type: 'string', default: '/', describe: 'Request path' })
      .option('authority', { type: 'string', default: 'example.com', describe: 'Request :authority (host)' })
      .option('body', { alias: 'd', type: 'string', describe: 'Request body: text, or @file' })
      .option('status', { type: 'number', default: 200, describe: 'Status of the simulated upstream response' })
      .option('response-header', { type: 'string', array: true, describe: 'Upstream response header name=value; repeatable' })
      .option('response-body', { type: 'string', describe: 'Upstream response body: text, or @file' })
      .option('property', { alias: 'p', type: 'string', array: true, describe: 'Host property path=value (e.g. route_name=r1, request.path segments joined with "."); repeatable' })
      .option('log-level', { type: 'string', default: 'info', choices: ['trace', 'debug', 'info', 'warn', 'error', 'critical'], describe: 'Plugin log level' })
      .example('hplugin run --config \'{"header":"hi"}\' -H x-user=alice --path /api', 'one GET through the plugin')
      .example('hplugin run --property route_name=api --property cluster_name=backend', 'properties the plugin reads, as in hplugin.test.yaml') as any,
  run: async (args, ctx) => (await import('./harness-run.js')).runOnce(args, ctx),
});
