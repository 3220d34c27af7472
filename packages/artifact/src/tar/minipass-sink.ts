/**
 * node-tar's streams are Minipass streams: they take writes, say when to wait (write() returns
 * false, then 'drain'), and end, as Node streams do, but their types are not Node's. This gives
 * one a Node Writable face, typed, with the same back-pressure, so pipe() and pipeline() can feed it.
 */
import { Writable } from 'node:stream';

export interface MinipassSink {
  write(chunk: Buffer): boolean;
  end(): unknown;
  once(event: 'drain', listener: () => void): unknown;
}

export function nodeWritable(sink: MinipassSink): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (sink.write(chunk)) done();
      else sink.once('drain', () => done());
    },
    final(done) {
      sink.end();
      done();
    },
  });
}
