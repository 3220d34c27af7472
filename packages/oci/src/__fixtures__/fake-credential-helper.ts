/**
 * A real docker credential helper for tests: an executable `docker-credential-<name>` script (run
 * by this Node) that keeps what it is given in a JSON file, as a keychain would, and logs every
 * call. Put its folder on PATH. Asked about `broken.example.com` it fails as a locked keychain does.
 */
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface FakeHelper {
  /** The file the helper keeps its entries in ({ [ServerURL]: { ServerURL, Username, Secret } }). */
  db: string;
  /** One line per call: `<action> <stdin>`. */
  log: string;
}

export async function installFakeHelper(dir: string, name: string): Promise<FakeHelper> {
  const db = join(dir, `${name}-helper.json`);
  const log = join(dir, `${name}-calls.log`);
  const script = `#!${process.execPath}
const fs = require('fs');
const action = process.argv[2];
const input = fs.readFileSync(0, 'utf8').trim();
fs.appendFileSync(${JSON.stringify(log)}, action + ' ' + input + '\\n');
const file = ${JSON.stringify(db)};
const entries = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
const notFound = () => { console.log('credentials not found in native keychain'); process.exit(1); };
if (action === 'get') {
  if (input === 'broken.example.com') { console.error('keychain locked'); process.exit(1); }
  if (!entries[input]) notFound();
  console.log(JSON.stringify(entries[input]));
} else if (action === 'store') {
  const e = JSON.parse(input); entries[e.ServerURL] = e; fs.writeFileSync(file, JSON.stringify(entries));
} else if (action === 'erase') {
  if (!entries[input]) notFound();
  delete entries[input]; fs.writeFileSync(file, JSON.stringify(entries));
}
`;
  const bin = join(dir, `docker-credential-${name}`);
  await writeFile(bin, script);
  await chmod(bin, 0o755);
  return { db, log };
}
