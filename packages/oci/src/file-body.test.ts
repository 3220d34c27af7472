import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { Socket, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BufferRing, fileRange, ringFor, RING_BUFFER, RING_SIZE, writeFileRange } from './file-body.js';
import { Transport } from './transport.js';
import { guardSocket } from './http-client.js';

let dir: string;
let path: string;
let content: Buffer;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hplugin-file-body-'));
  path = join(dir, 'blob.bin');
  // Not a multiple of any buffer size, so the last read is a short one.
  content = randomBytes(3 * 1024 * 1024 + 4321);
  await writeFile(path, content);
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

/**
 * A sink that calls back each write only later (like a socket whose peer reads slowly) and checks,
 * at that moment, that the bytes it was handed are still the bytes it was handed: a buffer refilled
 * before its write completed would show up here as changed bytes.
 */
function slowSink(delayMs: number) {
  const received: Buffer[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let changedBeforeDone = 0;
  const sink = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _enc, done) {
      const snapshot = Buffer.from(chunk);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        if (!snapshot.equals(chunk)) changedBeforeDone++;
        received.push(snapshot);
        inFlight--;
        done();
      }, delayMs);
    },
  });
  return { sink, received, stats: () => ({ maxInFlight, changedBeforeDone }) };
}

describe('file ranges through a ring of reused buffers', () => {
  it('never refills a buffer whose write has not completed, and sends the exact bytes', async () => {
    const { sink, received, stats } = slowSink(2);
    const ring = new BufferRing(2, 64 * 1024);
    const acquired = new Set<Buffer>();
    const acquire = ring.acquire.bind(ring);
    ring.acquire = async () => {
      const buf = await acquire();
      acquired.add(buf);
      return buf;
    };
    const start = 100_000;
    const end = content.length - 5;
    let reported = 0;
    await writeFileRange(sink, fileRange(path, start, end, { onWritten: (n) => (reported = n) }), ring);
    // finished() also settles for a sink that finished before this line ran.
    await finished(sink);
    expect(Buffer.concat(received).equals(content.subarray(start, end))).toBe(true);
    expect(stats().changedBeforeDone).toBe(0);
    // Two buffers were enough for ~3 MiB, and never more than two writes were outstanding.
    expect(acquired.size).toBe(2);
    expect(stats().maxInFlight).toBeLessThanOrEqual(2);
    expect(reported).toBe(end - start);
  });

  it('sizes the ring to the range: one small buffer for a small blob, at most four of 256 KiB', async () => {
    const shape = (ring: BufferRing) => [ring.made, ring.size];
    expect(shape(ringFor(600))).toEqual([1, 600]);
    expect(shape(ringFor(RING_BUFFER + 1))).toEqual([2, RING_BUFFER]);
    expect(shape(ringFor(content.length))).toEqual([RING_SIZE, RING_BUFFER]);
    // A small range goes through its one buffer whole.
    const { sink, received } = slowSink(1);
    await writeFileRange(sink, fileRange(path, 10, 610));
    await finished(sink);
    expect(Buffer.concat(received).equals(content.subarray(10, 610))).toBe(true);
  });

  it('stops reading when the request is destroyed in the middle', async () => {
    const { sink, received } = slowSink(5);
    const writing = writeFileRange(sink, fileRange(path, 0, content.length), new BufferRing(2, 64 * 1024));
    setTimeout(() => sink.destroy(), 20);
    await writing;
    expect(received.length).toBeLessThan(content.length / (64 * 1024));
  });

  it('uploads through the transport to a slowly reading server with a Content-Length, not chunked', async () => {
    let headers: http.IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    const server = http.createServer((req, res) => {
      headers = req.headers;
      // Read a piece every few milliseconds: the client's socket buffer fills and its writes wait.
      req.pause();
      const timer = setInterval(() => {
        let chunk: Buffer | null;
        for (let i = 0; i < 4 && (chunk = req.read() as Buffer | null); i++) chunks.push(chunk);
      }, 2);
      req.once('end', () => {
        clearInterval(timer);
        res.writeHead(201, { 'content-length': 0 }).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const transport = new Transport();
    try {
      const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/upload`);
      const res = await transport.send({ method: 'PUT', url, body: fileRange(path, 0, content.length) });
      await res.body.dump();
      expect(res.status).toBe(201);
      expect(headers['content-length']).toBe(String(content.length));
      expect(headers['transfer-encoding']).toBeUndefined();
      expect(Buffer.concat(chunks).equals(content)).toBe(true);
    } finally {
      await transport.close();
      server.close();
    }
  });
});

describe('a file range verified while it is sent', () => {
  it('fails the request with the caller’s error before the last byte when the file does not match its digest', async () => {
    let received = 0;
    let completed = false;
    const server = http.createServer((req, res) => {
      req.on('data', (chunk: Buffer) => (received += chunk.length));
      req.on('end', () => {
        completed = true;
        res.writeHead(201, { 'content-length': 0 }).end();
      });
      req.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const transport = new Transport();
    const wrong = `sha256:${'0'.repeat(64)}`;
    try {
      const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/upload`);
      const body = fileRange(path, 0, content.length, {
        verify: { digest: wrong, mismatch: (actual) => Object.assign(new Error(`hashes to ${actual}`), { code: 'BLOB_CORRUPT' }) },
      });
      await expect(transport.send({ method: 'PUT', url, body })).rejects.toMatchObject({ code: 'BLOB_CORRUPT' });
      expect(completed).toBe(false);
      expect(received).toBeLessThan(content.length);
    } finally {
      await transport.close();
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('a socket whose request has let go of it', () => {
  it('does not crash the process on a late error: every socket gets one quiet listener, once', () => {
    const socket = new Socket();
    // What node:http leaves between handing a socket back and the agent taking it: no listener.
    expect(() => socket.emit('error', new Error('write ECONNRESET'))).toThrow('write ECONNRESET');
    guardSocket(socket);
    guardSocket(socket);
    expect(socket.listenerCount('error')).toBe(1);
    expect(() => socket.emit('error', new Error('write ECONNRESET'))).not.toThrow();
    socket.destroy();
  });
});
