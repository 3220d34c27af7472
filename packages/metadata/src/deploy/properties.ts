/** One line of the Higress console's plugins.properties: `<name>=oci://<registry>/<repo>:<version>`. */
import { UsageError } from '@hplugin/core';
import { WASMPLUGIN_INVALID_INPUT } from '../errors.js';
import { parseOciUrl } from './reference.js';

export function renderPluginsProperties(options: { name: string; url: string }): string {
  if (!/^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/.test(options.name)) {
    throw new UsageError(WASMPLUGIN_INVALID_INPUT, `"${options.name}" is not a plugin name the console accepts as a properties key.`, {
      hint: 'Use the plugin name: lowercase letters, digits and dashes.',
    });
  }
  const { tag } = parseOciUrl(options.url);
  if (!tag) {
    throw new UsageError(WASMPLUGIN_INVALID_INPUT, `${options.url} has no tag; plugins.properties lists plugins by version tag.`, {
      hint: 'Pass the tagged reference, e.g. oci://registry.example.com/plugins/my-plugin:1.0.0.',
    });
  }
  return `${options.name}=${options.url}`;
}
