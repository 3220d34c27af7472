// Writes the ajv standalone validator the runner loads instead of compiling the schema, then
// hplugin.test.schema.json, both from the TypeBox definition (build the package first). The
// validator first: the package index loads it. A test keeps both committed files equal to the code.
import { writeFileSync } from 'node:fs';

const { validatorSource } = await import('../dist/runner/validator-source.js');
writeFileSync(new URL('../schema/validate-test-file.mjs', import.meta.url), validatorSource());
const { testFileJsonSchema } = await import('../dist/index.js');
const target = new URL('../hplugin.test.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...testFileJsonSchema }, null, 2)}\n`);
