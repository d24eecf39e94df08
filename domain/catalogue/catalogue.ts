import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import schema from './catalogue.schema.json' with { type: 'json' };
import { duplicates, itemProblems, type CatalogueProblem } from './item-rules.js';
import type { Catalogue } from './types.js';

export type { CatalogueProblem } from './item-rules.js';

export class CatalogueValidationError extends Error {
  constructor(readonly problems: CatalogueProblem[]) {
    super(`invalid catalogue:\n${problems.map((p) => `  ${p.path || '(document)'}: ${p.message}`).join('\n')}`);
    this.name = 'CatalogueValidationError';
  }
}

// allErrors so one load lists every problem: whoever edits the file fixes it in one pass.
const ajv = new Ajv2020({ allErrors: true });
addFormats.default(ajv, ['date']);
const validate = ajv.compile<Catalogue>(schema);

function schemaProblem(error: ErrorObject): CatalogueProblem {
  const { instancePath, params, message = 'is invalid' } = error;
  switch (error.keyword) {
    case 'required':
      return { path: `${instancePath}/${params.missingProperty}`, message: 'is required' };
    case 'additionalProperties':
      return { path: `${instancePath}/${params.additionalProperty}`, message: 'is not a catalogue field' };
    case 'enum':
      return { path: instancePath, message: `${message}: ${(params.allowedValues as unknown[]).join(', ')}` };
    default:
      return { path: instancePath, message };
  }
}

/** Validates a parsed catalogue document; throws a CatalogueValidationError listing every problem. */
export function loadCatalogue(json: unknown): Catalogue {
  if (!validate(json)) {
    // The cross-reference checks assume the shape the schema guarantees, so they wait for it.
    throw new CatalogueValidationError((validate.errors ?? []).map(schemaProblem));
  }
  const departments = new Set(json.departments.map((d) => d.code));
  const problems = [
    ...duplicates(json.departments.map((d) => d.code), (i) => `/departments/${i}/code`, '部门编码'),
    ...duplicates(json.items.map((item) => item.code), (i) => `/items/${i}/code`, '事项编码'),
    ...json.items.flatMap((item, index) => itemProblems(item, `/items/${index}`, departments)),
  ];
  if (problems.length > 0) throw new CatalogueValidationError(problems);
  return json;
}

/** The catalogue the center starts with, before an administrator publishes its own. */
export function seedCatalogue(): Catalogue {
  return loadCatalogue(JSON.parse(readFileSync(new URL('./seed-catalogue.json', import.meta.url), 'utf8')));
}
