export * from './select.js';
export * from './run-many.js';
export * from './table.js';
export * from './stages/build.js';
export * from './targets.js';
export * from './stages/spec.js';
export * from './stages/package.js';
export * from './stages/publish.js';
