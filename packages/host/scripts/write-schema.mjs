// Writes hplugin.test.schema.json from the TypeBox definition (build the package first).
// A test keeps the committed file equal to what the code generates.
import { writeFileSync } from 'node:fs';
import { testFileJsonSchema } from '../dist/index.js';

const target = new URL('../hplugin.test.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...testFileJsonSchema }, null, 2)}\n`);
