/**
 * API: freeLoopbackPort(): Promise<number>, a port on 127.0.0.1 that was free a moment ago.
 *
 * Another process can take it before the server binds, so callers retry on "address already in use".
 */
import net from 'node:net';
import { listenOnLoopback } from './loopback-server.js';

export async function freeLoopbackPort(): Promise<number> {
  const server = net.createServer();
  const port = await listenOnLoopback(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
