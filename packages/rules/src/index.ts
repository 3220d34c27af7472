/**
 * @hplugin/rules: the one definition of the plugin vocabulary. No runtime dependencies, so every
 * package (core included) may import it without pulling anything else in.
 */
export * from './vocabulary.js';
export * from './grammar.js';
export * from './defaults.js';
export * from './registry-host.js';
