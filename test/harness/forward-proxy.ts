/**
 * A forward proxy on loopback, as HTTP_PROXY / HTTPS_PROXY name one: CONNECT tunnels (https through
 * a proxy) and absolute-form requests (plain http through a proxy). It records what it was asked.
 *
 *   startForwardProxy({ silent? }): Promise<ForwardProxy>
 *
 * `silent: true` accepts connections and never answers: a proxy that hangs.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ForwardProxy {
  url: string;
  /** `CONNECT host:port` for tunnels, `GET http://…` for absolute-form requests. */
  seen: string[];
  close(): void;
}

export async function startForwardProxy(options: { silent?: boolean } = {}): Promise<ForwardProxy> {
  const seen: string[] = [];
  const sockets = new Set<net.Socket>();
  const proxy = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    if (options.silent) return;
    const up = http.request(req.url!, { method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode!, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  proxy.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    sockets.add(socket);
    socket.on('error', () => undefined);
    if (options.silent) return;
    const [host, port] = req.url!.split(':');
    const upstream = net.connect(Number(port), host!, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    seen,
    close: () => {
      for (const s of sockets) s.destroy();
      proxy.closeAllConnections();
      proxy.close();
    },
  };
}
