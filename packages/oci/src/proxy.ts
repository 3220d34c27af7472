/**
 * Proxies from the environment: HTTPS_PROXY for https, HTTP_PROXY for http (and for https when no
 * HTTPS_PROXY is set, as undici's EnvHttpProxyAgent did), ALL_PROXY as a fallback, NO_PROXY to
 * skip; upper or lower case. The proxy libraries are imported only when a variable is set, and the
 * agents only when one applies to the URL: a direct publish loads nothing for proxies.
 */
import type { Agent } from 'node:http';

const VARIABLES = ['https_proxy', 'http_proxy', 'all_proxy'];

function env(name: string): string | undefined {
  return process.env[name] || process.env[name.toUpperCase()] || undefined;
}

/** The proxy URL for `url`, or undefined for a direct connection. */
export async function proxyFor(url: URL): Promise<string | undefined> {
  if (!VARIABLES.some((name) => env(name))) return undefined;
  const { getProxyForUrl } = await import('proxy-from-env');
  const proxy = getProxyForUrl(url);
  if (proxy) return proxy;
  if (url.protocol !== 'https:' || env('https_proxy') || env('all_proxy') || !env('http_proxy')) return undefined;
  // Ask for the same host and port under http: so NO_PROXY still decides, then take HTTP_PROXY.
  return getProxyForUrl({ protocol: 'http:', host: url.host, port: url.port || '443' }) || undefined;
}

/**
 * An agent that reaches `url` through `proxy`: a CONNECT tunnel for https (TLS options given to the
 * request then apply to the tunnelled session), absolute-form requests for http.
 */
export async function proxyAgent(proxy: string, url: URL, maxSockets: number): Promise<Agent> {
  const options = { keepAlive: true, maxSockets };
  if (url.protocol === 'https:') {
    const { HttpsProxyAgent } = await import('https-proxy-agent');
    return new HttpsProxyAgent(proxy, options);
  }
  const { HttpProxyAgent } = await import('http-proxy-agent');
  return new HttpProxyAgent(proxy, options);
}
