/**
 * Docker credential helpers (`docker-credential-<name> get|store|erase`): the server URL or a JSON
 * document on stdin, JSON on stdout. "credentials not found" is an answer, not a failure.
 */
import { HpluginError, registerSecret } from '@hplugin/core';
import type { Credential } from './types.js';

const NOT_FOUND = /credentials not found/i;
// Helpers may prompt a keychain; none should take longer than this to answer.
const TIMEOUT_MS = 60_000;

async function run(helper: string, action: 'get' | 'store' | 'erase', input: string) {
  const bin = `docker-credential-${helper}`;
  // Loaded on demand: most runs never call a helper, and execa costs start-up time and memory.
  const { execa } = await import('execa');
  const result = await execa(bin, [action], { input, reject: false, timeout: TIMEOUT_MS, stripFinalNewline: true });
  if ((result as { code?: string }).code === 'ENOENT' || /ENOENT/.test(String(result.message ?? ''))) {
    throw new HpluginError(
      'CREDENTIALS_HELPER_MISSING',
      `The credential helper ${bin} is configured in docker's config.json but is not on PATH.`,
      {
        hint: `Install ${bin}, or remove "credsStore"/"credHelpers" from the docker config.json.`,
        details: { helper },
      },
    );
  }
  return result;
}

function failed(helper: string, action: string, output: string): HpluginError {
  return new HpluginError(
    'CREDENTIALS_HELPER_FAILED',
    `The credential helper docker-credential-${helper} failed to ${action}: ${output.trim().slice(0, 200) || 'no output'}.`,
    {
      hint: `Run "docker-credential-${helper} list" to check the helper works.`,
      details: { helper, action },
    },
  );
}

export async function helperGet(helper: string, serverUrl: string): Promise<Credential | undefined> {
  const r = await run(helper, 'get', serverUrl);
  const out = `${r.stdout}\n${r.stderr}`;
  if (r.exitCode !== 0) {
    if (NOT_FOUND.test(out)) return undefined;
    throw failed(helper, 'get', String(r.stderr || r.stdout));
  }
  let parsed: { Username?: string; Secret?: string };
  try {
    parsed = JSON.parse(String(r.stdout)) as typeof parsed;
  } catch {
    throw failed(helper, 'get', 'its answer is not JSON');
  }
  if (!parsed.Secret) return undefined;
  registerSecret(parsed.Secret);
  // Username "<token>" is docker's marker for an identity (refresh) token.
  return parsed.Username === '<token>' ? { identityToken: parsed.Secret } : { username: parsed.Username ?? '', password: parsed.Secret };
}

export async function helperStore(helper: string, serverUrl: string, username: string, secret: string): Promise<void> {
  const r = await run(helper, 'store', JSON.stringify({ ServerURL: serverUrl, Username: username, Secret: secret }));
  if (r.exitCode !== 0) throw failed(helper, 'store', String(r.stderr || r.stdout));
}

/** Returns false when the helper had nothing stored. */
export async function helperErase(helper: string, serverUrl: string): Promise<boolean> {
  const r = await run(helper, 'erase', serverUrl);
  if (r.exitCode === 0) return true;
  if (NOT_FOUND.test(`${r.stdout}\n${r.stderr}`)) return false;
  throw failed(helper, 'erase', String(r.stderr || r.stdout));
}
