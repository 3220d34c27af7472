import { dockerConfigStore, logout } from '@hplugin/oci';
import type { CommandResult, Context } from '../../context.js';
import type { LogoutArgs } from './spec.js';

export async function logoutCmd(args: LogoutArgs, ctx: Context): Promise<CommandResult> {
  const result = await logout(args.registry, { store: dockerConfigStore({ env: ctx.io.env }) });
  return {
    data: { ...result },
    text: result.removed
      ? `✓ Removed the credentials for ${result.registry} from ${result.storedIn}`
      : `Nothing stored for ${result.registry}; nothing to do.`,
  };
}
