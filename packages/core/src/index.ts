export * from './errors.js';
export * from './secrets.js';
export * from './reporter.js';
export * from './format.js';
export * from './fs.js';
export * from './group-reporter.js';
export * from './terminal.js';
export * from './wasm-reader.js';
