/** Hash bytes while they stream past, so no blob is ever read twice just to name it. */
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

export class DigestStream extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private count = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.count += chunk.length;
    callback(null, chunk);
  }

  /** Call only after the stream has ended. */
  result(): { digest: string; size: number } {
    return { digest: `sha256:${this.hash.digest('hex')}`, size: this.count };
  }
}
