/**
 * A process-wide set of secrets (passwords, tokens) that must never reach any output.
 * The OCI client registers every credential it reads; the reporter and the error printer pass
 * every string through `redact` before writing it. Redaction at the output boundary is the one
 * place that cannot be forgotten by a new log line.
 *
 * A registry or proxy that echoes a request back in an error body does not echo it verbatim: a
 * password with a quote or a backslash arrives JSON-escaped, one in a query string percent-encoded,
 * and an Authorization header as `Basic <base64>` or `Bearer <token>`. Every one of those spellings
 * is masked, and so is the value after any Basic or Bearer, registered or not.
 */
const secrets = new Set<string>();

/** Remember a secret so that every later output masks it. Short values are ignored (false hits). */
export function registerSecret(value: string | undefined | null): void {
  if (!value || value.length < 4) return;
  secrets.add(value);
  // The forms it takes inside a JSON string and inside a URL.
  secrets.add(JSON.stringify(value).slice(1, -1));
  secrets.add(encodeURIComponent(value));
}

// An Authorization value: base64 (Basic) or a token (Bearer: base64url, JWT dots, ~+/=). It must
// hold a digit or a symbol, so that prose such as "a Bearer realm" or "Basic credentials" is kept.
const AUTHORIZATION = /\b(Basic|Bearer)(\s+|%20|\\u0020)(?=[A-Za-z0-9._~+/=-]*[0-9._~+/=-])[A-Za-z0-9._~+/=-]{8,}/gi;

export function redact(text: string): string {
  let out = text;
  // Longest first: a secret that contains another is masked whole, not as "***" plus a tail.
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) {
    if (out.includes(s)) out = out.split(s).join('***');
  }
  return out.replace(AUTHORIZATION, (_m, scheme: string, space: string) => `${scheme}${space}***`);
}

/** Deeply redact strings inside a JSON-able value. */
export function redactValue<T>(value: T): T {
  const text = JSON.stringify(value);
  if (text === undefined) return value;
  const masked = redact(text);
  return masked === text ? value : (JSON.parse(masked) as T);
}
