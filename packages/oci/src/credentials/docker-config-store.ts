/**
 * The dynamic store docker itself uses: config.json decides per server. `credHelpers[host]` names a
 * helper for that host, else `credsStore` one for every host, else the credential is in `auths`.
 * config.json is read on every call, so a `docker login` in between is seen.
 */
import { dockerConfigPath, helperFor, readDockerConfig } from './docker-config.js';
import { fileStore } from './file-store.js';
import { nativeStore } from './native-store.js';
import type { CredentialStore } from './types.js';

export interface DockerConfigStoreOptions {
  /** For DOCKER_CONFIG (docker's own variable); HPLUGIN_* are not read here. */
  env?: NodeJS.ProcessEnv;
  /** Defaults to $DOCKER_CONFIG/config.json or ~/.docker/config.json. */
  configPath?: string;
}

export function dockerConfigStore(options: DockerConfigStoreOptions = {}): CredentialStore {
  const configPath = options.configPath ?? dockerConfigPath(options.env ?? process.env);
  const file = fileStore(configPath);
  const helperStoreFor = async (serverAddress: string) => {
    const helper = helperFor(await readDockerConfig(configPath), serverAddress);
    return helper ? nativeStore(helper) : undefined;
  };
  return {
    async get(serverAddress) {
      // A plain `auths` entry still answers when the helper has nothing (written before the helper
      // was configured), as docker does.
      return (await (await helperStoreFor(serverAddress))?.get(serverAddress)) ?? file.get(serverAddress);
    },
    async put(serverAddress, credential) {
      await ((await helperStoreFor(serverAddress)) ?? file).put(serverAddress, credential);
    },
    async delete(serverAddress) {
      const native = await helperStoreFor(serverAddress);
      const fromHelper = native ? await native.delete(serverAddress) : false;
      // An old plain-text entry would still log us in: it goes too.
      const fromFile = await file.delete(serverAddress);
      return fromHelper || fromFile;
    },
    async location(serverAddress) {
      return ((await helperStoreFor(serverAddress)) ?? file).location!(serverAddress);
    },
  };
}
