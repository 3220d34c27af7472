import { UsageError } from '@hplugin/core';
import { dockerConfigStore, login } from '@hplugin/oci';
import type { CommandResult, Context } from '../../context.js';
import { connection } from '../common/connection.js';
import type { LoginArgs } from './spec.js';

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  let data = '';
  for await (const chunk of stdin) data += chunk;
  return data.replace(/\r?\n$/, '');
}

export async function loginCmd(args: LoginArgs, ctx: Context): Promise<CommandResult> {
  let username = args.username ?? ctx.io.env.HPLUGIN_REGISTRY_USERNAME;
  let password: string | undefined;
  if (args.passwordStdin) password = await readStdin(ctx.io.stdin);
  else if (ctx.interactive) {
    const { input, password: ask } = await import('@inquirer/prompts');
    username ??= await input({ message: `Username for ${args.registry}:` });
    password = await ask({ message: 'Password or token:', mask: '*' });
  } else password = ctx.io.env.HPLUGIN_REGISTRY_PASSWORD;
  if (!username || !password) {
    throw new UsageError(
      'LOGIN_CREDENTIALS_MISSING',
      `No ${!username ? 'username' : 'password'} for ${args.registry}, and this is not an interactive terminal to ask on.`,
      {
        hint: `Pass -u <user> --password-stdin (e.g. echo "$TOKEN" | hplugin login ${args.registry} -u me --password-stdin), or set HPLUGIN_REGISTRY_USERNAME and HPLUGIN_REGISTRY_PASSWORD.`,
      },
    );
  }
  // docker's store, with DOCKER_CONFIG as this command's environment spells it.
  const store = dockerConfigStore({ env: ctx.io.env });
  const result = await login(args.registry, { ...connection(args, ctx, undefined, args.registry), username, password, store });
  return {
    data: { registry: result.registry, storedIn: result.storedIn },
    text: `✓ Logged in to ${result.registry} as ${username} (stored in ${result.storedIn})`,
  };
}
