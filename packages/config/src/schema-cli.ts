// Writes the build-time artifacts of the config schema (`npm run schema` runs it):
//   node dist/schema-cli.js schema     → plugin.config.schema.json (for editors, and the docs)
//   node dist/schema-cli.js validator  → schema/validate-config.mjs (ajv standalone code: the run-time
//                                        validator, so no command loads TypeBox or compiles with ajv)
import { jsonSchemaDocument } from './schema.js';
import { validatorSource } from './validator-source.js';

const what = process.argv[2] ?? 'schema';
process.stdout.write(what === 'validator' ? validatorSource() : JSON.stringify(jsonSchemaDocument(), null, 2) + '\n');
