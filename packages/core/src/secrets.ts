/**
 * A process-wide set of secrets (passwords, tokens) that must never reach any output.
 * The OCI client registers every credential it reads; the reporter and the error printer pass
 * every string through `redact` before writing it. Redaction at the output boundary is the one
 * place that cannot be forgotten by a new log line.
 */
const secrets = new Set<string>();

/** Remember a secret so that every later output masks it. Short values are ignored (false hits). */
export function registerSecret(value: string | undefined | null): void {
  if (value && value.length >= 4) secrets.add(value);
}

export function redact(text: string): string {
  let out = text;
  for (const s of secrets) {
    if (out.includes(s)) out = out.split(s).join('***');
  }
  return out;
}

/** Deeply redact strings inside a JSON-able value. */
export function redactValue<T>(value: T): T {
  if (secrets.size === 0) return value;
  return JSON.parse(redact(JSON.stringify(value))) as T;
}
