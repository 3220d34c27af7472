/** Test helper: an Io whose stdout and stderr are captured as strings (CI=true: no spinners). */
import { PassThrough } from 'node:stream';
import type { Io } from '../index.js';

export function fakeIo(env: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const io: Io = { stdout, stderr, stdin: new PassThrough(), env: { CI: 'true', ...env } };
  return { io, out: () => out, err: () => err };
}
