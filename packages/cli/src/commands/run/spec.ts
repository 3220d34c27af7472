import { defineCommand, type ArgsOf } from '../../command.js';
import type { CommandResult } from '../../context.js';
import { withDir } from '../shared.js';

export const runCommand = defineCommand({
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
      .option('property', {
        alias: 'p',
        type: 'string',
        array: true,
        describe: 'Host property path=value (e.g. route_name=r1, request.path segments joined with "."); repeatable',
      })
      .option('log-level', {
        type: 'string',
        default: 'info' as const,
        choices: ['trace', 'debug', 'info', 'warn', 'error', 'critical'] as const,
        describe: 'Plugin log level',
      })
      .example('hplugin run --config \'{"header":"hi"}\' -H x-user=alice --path /api', 'one GET through the plugin')
      .example(
        'hplugin run --property route_name=api --property cluster_name=backend',
        'properties the plugin reads, as in hplugin.test.yaml',
      ),
  run: async (args, ctx): Promise<CommandResult> => (await import('./run.js')).runOnce(args, ctx),
});

export type RunArgs = ArgsOf<typeof runCommand>;
