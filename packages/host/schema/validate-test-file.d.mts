// Types of the generated validator (ajv standalone code in validate-test-file.mjs).
import type { ErrorObject } from 'ajv';

interface GeneratedValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

declare const validate: GeneratedValidator;
export default validate;
