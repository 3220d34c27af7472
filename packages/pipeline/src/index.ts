export * from './select.js';
export * from './run-many.js';
export * from './table.js';
