/**
 * The test harness: real registries, a fault-injecting proxy, and the peer tools, for the
 * integration and e2e suites. Import from here: `import { startRegistry } from '../harness/index.js'`.
 *
 *   startRegistry({ auth?: 'none' | 'htpasswd' | 'token', tls?, token? })   registry.ts
 *   startFaultProxy({ target, plan })                                       fault-proxy.ts, fault-plan.ts
 *   findTool(name), requireTools(...names)                                  tools.ts
 *   orasFlags(registry, user?), skopeoFlags(registry, user?)                peer-flags.ts
 *   runPeer(tool, args, options?)                                           run-peer.ts
 *   request(url, options), basicAuth(user, pass)                            http-client.ts
 *   decodeJwt(token)                                                        jwt.ts
 */
export {
  startRegistry,
  type RegistryAuth,
  type RegistryHandle,
  type RegistryUser,
  type RegistryConfig,
  type StartRegistryOptions,
} from './registry.js';
export type { TokenIssuer, TokenIssuerStats, TokenRequestRecord } from './token-issuer.js';
export type { IssuerSettings } from './registry-auth.js';
export * from './fault-proxy.js';
export { startReferrersProxy, type ReferrersProxy } from './referrers-proxy.js';
export { findTool, requireTools, PEER_TOOLS, type PeerTool } from './tools.js';
export { orasFlags, skopeoFlags } from './peer-flags.js';
export { runPeer, type PeerResult, type RunPeerOptions } from './run-peer.js';
export { request, basicAuth, type HttpResponse, type RequestOptions } from './http-client.js';
export { decodeJwt, type RegistryAccess, type RegistryClaims } from './jwt.js';
