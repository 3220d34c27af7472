/**
 * `WWW-Authenticate` parsing (RFC 7235 auth-params). Values may be quoted with escapes or bare
 * tokens, and a registry may send several challenges; scope values contain ':' and ',' (host:port
 * in repository names, "pull,push"), so nothing here splits on them naively.
 */
export interface Challenge {
  scheme: 'basic' | 'bearer' | string;
  params: Record<string, string>;
}

/** Parse one header value into its challenges, in order. */
export function parseChallenges(value: string): Challenge[] {
  const out: Challenge[] = [];
  let i = 0;
  const skip = (re: RegExp) => {
    while (i < value.length && re.test(value[i]!)) i++;
  };
  while (i < value.length) {
    skip(/[\s,]/);
    const schemeStart = i;
    skip(/[^\s,=]/);
    if (i === schemeStart) break;
    const challenge: Challenge = { scheme: value.slice(schemeStart, i).toLowerCase(), params: {} };
    out.push(challenge);
    // Params follow until the next bare token that is not followed by '=' (the next scheme).
    for (;;) {
      skip(/[\s,]/);
      const keyStart = i;
      skip(/[^\s,=]/);
      const key = value.slice(keyStart, i);
      skip(/\s/);
      if (key === '' || value[i] !== '=') {
        i = keyStart;
        break;
      }
      i++;
      skip(/\s/);
      let val = '';
      if (value[i] === '"') {
        i++;
        while (i < value.length && value[i] !== '"') {
          if (value[i] === '\\' && i + 1 < value.length) i++;
          val += value[i++];
        }
        i++;
      } else {
        const start = i;
        skip(/[^,\s]/);
        val = value.slice(start, i);
      }
      challenge.params[key.toLowerCase()] = val;
    }
  }
  return out;
}

/** Bearer wins over Basic when a registry offers both: tokens are scoped, passwords are not. */
export function pickChallenge(headers: string | string[] | undefined): Challenge | undefined {
  const values = headers === undefined ? [] : Array.isArray(headers) ? headers : [headers];
  const all = values.flatMap(parseChallenges);
  return all.find((c) => c.scheme === 'bearer' && c.params.realm) ?? all.find((c) => c.scheme === 'basic');
}
