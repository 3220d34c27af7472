/**
 * API: listenOnLoopback(server): Promise<number>, the port a server now listens on at 127.0.0.1;
 * closeServer(server): closes it and every connection it holds (a keep-alive client would
 * otherwise keep close() waiting). The token issuer and both proxies start and stop this way.
 */
import { once } from 'node:events';
import type { Server } from 'node:net';
import type { AddressInfo } from 'node:net';

export async function listenOnLoopback(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

export async function closeServer(server: Server & { closeAllConnections(): void }): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
