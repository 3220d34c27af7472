/**
 * Secret-leak audit for the publish suites: every hplugin run's stdout and stderr (plain, --json,
 * --verbose) and every file under the suite's temp root are searched for the passwords, their
 * Basic-auth forms, and anything shaped like a bearer token (a JWT). The one file allowed to hold
 * a credential is the docker config.json that `hplugin login` writes, as docker and oras do.
 *
 *   const audit = new SecretAudit([join(dockerConfig, 'config.json')]);
 *   audit.addCredential(username, password);
 *   audit.record('publish --verbose', await hplugin([...]));
 *   const report = await audit.scan([fx.root]);   // { found: [...], outputs, files }
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CliResult } from '../support/cli.js';

export interface SecretFinding {
  where: string;
  secret: string;
}

export interface SecretReport {
  found: SecretFinding[];
  outputs: number;
  files: number;
}

// header.payload of a JWT: both base64url JSON objects, so both start with "eyJ" ('{"').
const JWT = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}/;

export class SecretAudit {
  private readonly needles: Array<{ kind: string; value: string }> = [];
  private readonly outputs: Array<{ label: string; text: string }> = [];

  constructor(private readonly allowedFiles: string[] = []) {}

  /** A file that may hold a credential: the config.json of a docker config folder that `hplugin login` wrote. */
  allow(file: string): void {
    this.allowedFiles.push(file);
  }

  /** A password and the forms it travels in (base64 of user:password, as Basic auth and config.json carry it). */
  addCredential(username: string, password: string): void {
    this.needles.push(
      { kind: `password of ${username}`, value: password },
      { kind: `Basic credential of ${username}`, value: Buffer.from(`${username}:${password}`).toString('base64') },
    );
  }

  record(label: string, result: CliResult): CliResult {
    this.outputs.push({ label: `${label} (stdout)`, text: result.stdout }, { label: `${label} (stderr)`, text: result.stderr });
    return result;
  }

  get runs(): number {
    return this.outputs.length / 2;
  }

  private findIn(where: string, text: string): SecretFinding[] {
    // Findings name the kind of secret, never its value: a failing run must not print it either.
    const found = this.needles.filter((n) => text.includes(n.value)).map((n) => ({ where, secret: n.kind }));
    if (JWT.test(text)) found.push({ where, secret: 'a bearer token (JWT)' });
    return found;
  }

  async scan(roots: string[]): Promise<SecretReport> {
    const found = this.outputs.flatMap((o) => this.findIn(o.label, o.text));
    let files = 0;
    for (const root of roots) {
      for (const file of await walk(root)) {
        if (this.allowedFiles.includes(file)) continue;
        files++;
        found.push(...this.findIn(file, (await readFile(file)).toString('latin1')));
      }
    }
    return { found, outputs: this.outputs.length, files };
  }
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) files.push(...(await walk(path)));
    else if (e.isFile()) files.push(path);
  }
  return files;
}
