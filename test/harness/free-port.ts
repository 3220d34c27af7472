/**
 * API: freeLoopbackPort(): Promise<number>, a port on 127.0.0.1 that was free a moment ago.
 *
 * Another process can take it before the server binds, so callers retry on "address already in use".
 */
import net from 'node:net';
import { once } from 'node:events';

export async function freeLoopbackPort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
