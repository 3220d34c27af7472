// Prints plugin.config.schema.json (`npm run schema` writes it to the repo root).
import { jsonSchemaDocument } from './schema.js';

process.stdout.write(JSON.stringify(jsonSchemaDocument(), null, 2) + '\n');
