/**
 * The no-change fast path of `hplugin publish`: when the record of an identical earlier command
 * exists, every file it lists still has the same content (by stat; read and hashed only when the
 * stat changed), every folder the same entries, nothing it saw absent has appeared, and every tag
 * still names the same manifest in the registry (one HEAD per tag), print what that publish
 * printed and stop. Anything else (no record, a change, an error, a registry asking for
 * credentials) returns undefined and the full publish runs, which decides for itself.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { fileStamp, nowNs, sha256File, StatIndex } from '@hplugin/core';
import {
  REPLAY_FACTS_SCHEMA,
  REPLAY_SCHEMA,
  replayRecordPath,
  replayStatIndexPath,
  TEMP_FILE_RE,
  type ReplayRecord,
} from './record-file.js';

const HEAD_TIMEOUT_MS = 5_000;

/** Folder entries as the record keeps them: sorted names, hplugin's temp files left out. */
export async function entryNames(dir: string): Promise<string[]> {
  const names = await readdir(dir);
  return names.filter((n) => !TEMP_FILE_RE.test(n)).sort();
}

async function filesUnchanged(files: Record<string, string>, index: StatIndex<string>): Promise<boolean> {
  for (const [path, sha256] of Object.entries(files)) {
    const readAt = nowNs();
    const stamp = await fileStamp(path);
    if (!stamp) return false;
    if (index.lookup(path, stamp) === sha256) continue;
    // The stat changed (a touch, a checkout, a copy): the content decides.
    if ((await sha256File(path)).sha256 !== sha256) return false;
    index.set(path, stamp, readAt, sha256);
  }
  return true;
}

async function dirsUnchanged(dirs: Record<string, string[]>): Promise<boolean> {
  for (const [dir, names] of Object.entries(dirs)) {
    const current = await entryNames(dir).catch(() => undefined);
    if (!current || current.length !== names.length || current.some((n, i) => n !== names[i])) return false;
  }
  return true;
}

function headDigest(url: string, accept: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const request = url.startsWith('https:') ? httpsRequest : httpRequest;
    // agent: false — one connection, closed after the answer, so nothing keeps the process alive.
    const req = request(
      url,
      { method: 'HEAD', headers: { accept, 'user-agent': 'hplugin' }, agent: false, timeout: HEAD_TIMEOUT_MS },
      (res) => {
        res.resume();
        const digest = res.headers['docker-content-digest'];
        resolve(res.statusCode === 200 && typeof digest === 'string' ? digest : undefined);
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

export interface ReplayIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export interface ReplayOptions {
  cacheDir: string;
  key: string;
  /** --json: nothing on stderr. --quiet: warnings only. */
  json: boolean;
  quiet: boolean;
}

async function readRecord(path: string): Promise<ReplayRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(path, 'utf8')) as ReplayRecord;
    return record.schema === REPLAY_SCHEMA ? record : undefined;
  } catch {
    return undefined;
  }
}

/** The exit code when the earlier publish stands as it is; undefined when the full publish must run. */
export async function replayUnchangedPublish(options: ReplayOptions, io: ReplayIo): Promise<number | undefined> {
  try {
    const record = await readRecord(replayRecordPath(options.cacheDir, options.key));
    if (!record) return undefined;
    if (record.absent.some((p) => existsSync(p))) return undefined;
    const index = await StatIndex.load<string>(replayStatIndexPath(options.cacheDir, options.key), { schema: REPLAY_FACTS_SCHEMA });
    if (!(await dirsUnchanged(record.dirs))) return undefined;
    if (!(await filesUnchanged(record.files, index))) return undefined;
    const digests = await Promise.all(record.remote.urls.map((url) => headDigest(url, record.remote.accept)));
    if (digests.some((d) => d !== record.remote.digest)) return undefined;
    await index.save();
    if (!options.json) {
      for (const w of record.warnings) io.stderr.write(`warning: ${w}\n`);
      if (!options.quiet) io.stderr.write(`${record.summary}\n`);
    }
    io.stdout.write(record.stdout);
    return 0;
  } catch {
    return undefined;
  }
}
