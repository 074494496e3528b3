/**
 * HAR 1.2 schema validation for tests (unit and end-to-end): npm "har-schema" with ajv.
 *
 * har-schema's files are draft-06 JSON Schemas keyed by name, each with an `$id` ("log.json#") that
 * the others `$ref`. They use three keywords of their own: `min` (meant as `minimum`; -1 is HAR's
 * "not applicable"), and `optional` / `unique`, which are annotations.
 */
import { createRequire } from 'node:module';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);

export function harValidators(): { har: ValidateFunction; entry: ValidateFunction } {
  const harSchemas = require('har-schema') as Record<string, object>;
  const draft06 = require('ajv/dist/refs/json-schema-draft-06.json') as object;
  const ajv = new Ajv({ allErrors: true, strictTypes: false });
  ajv.addMetaSchema(draft06);
  addFormats(ajv);
  ajv.addVocabulary(['optional', 'unique']);
  ajv.addKeyword({
    keyword: 'min',
    type: 'number',
    schemaType: 'number',
    errors: false,
    validate: (min: number, data: number) => data >= min,
  });
  for (const schema of Object.values(harSchemas)) ajv.addSchema(schema);
  return { har: ajv.getSchema('har.json#')!, entry: ajv.getSchema('entry.json#')! };
}

/** The schema errors of a whole HAR file (empty when it is valid). */
export function harSchemaErrors(har: unknown): string[] {
  const v = harValidators().har;
  if (v(har)) return [];
  return (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

/** The schema errors of one HAR entry ("Copy as HAR entry"; empty when it is valid). */
export function harEntryErrors(entry: unknown): string[] {
  const v = harValidators().entry;
  if (v(entry)) return [];
  return (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
