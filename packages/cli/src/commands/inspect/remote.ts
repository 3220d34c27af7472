/**
 * `inspect <registry reference>`: the registry client and its connection options, in a module of
 * their own so that inspecting a local layout never loads them.
 */
import { parseReference } from '@hplugin/oci';
import { inspectRemote } from '@hplugin/publish';
import type { Context } from '../../context.js';
import { connection } from '../common/connection.js';
import type { InspectArgs } from './spec.js';

export function inspectReference(reference: string, args: InspectArgs, ctx: Context): ReturnType<typeof inspectRemote> {
  return inspectRemote(reference, connection(args, ctx, undefined, parseReference(reference).registry));
}
