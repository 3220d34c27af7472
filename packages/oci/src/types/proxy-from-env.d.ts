// proxy-from-env 2 ships no types; this is the one function hplugin calls.
declare module 'proxy-from-env' {
  /** The proxy URL for `url` from *_PROXY / ALL_PROXY and NO_PROXY, or '' for a direct connection. */
  export function getProxyForUrl(url: string | URL | { protocol: string; host: string; port: string }): string;
}
