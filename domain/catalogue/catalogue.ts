import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import schema from './catalogue.schema.json' with { type: 'json' };
import type { Catalogue, CatalogueItem } from './types.js';

export interface CatalogueProblem {
  /** JSON Pointer into the document ('' is the document itself) */
  path: string;
  message: string;
}

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
    case 'const':
      return { path: instancePath, message: `must be ${JSON.stringify(params.allowedValue)} for this case type` };
    default:
      return { path: instancePath, message };
  }
}

/** Codes that occur more than once, reported at every occurrence after the first. */
function duplicates(codes: string[], pathOf: (index: number) => string, what: string): CatalogueProblem[] {
  const first = new Map<string, number>();
  return codes.flatMap((code, index) => {
    const earlier = first.get(code);
    if (earlier === undefined) {
      first.set(code, index);
      return [];
    }
    return [{ path: pathOf(index), message: `${what} ${code} is already used at ${pathOf(earlier)}` }];
  });
}

function itemProblems(item: CatalogueItem, at: string, departments: Set<string>): CatalogueProblem[] {
  const problems: CatalogueProblem[] = [];
  if (!departments.has(item.departmentCode)) {
    problems.push({ path: `${at}/departmentCode`, message: `no department ${item.departmentCode}` });
  }
  if (item.promisedDays > item.statutoryDays) {
    problems.push({
      path: `${at}/promisedDays`,
      message: `the promised ${item.promisedDays} working days exceed the statutory ${item.statutoryDays}`,
    });
  }
  const joint = item.jointDepartmentCodes;
  if (joint && item.caseType !== 'joint') {
    problems.push({ path: `${at}/jointDepartmentCodes`, message: 'only a joint item (联办件) has joint departments' });
  }
  joint?.forEach((code, index) => {
    if (!departments.has(code)) problems.push({ path: `${at}/jointDepartmentCodes/${index}`, message: `no department ${code}` });
  });
  if (joint && !joint.includes(item.departmentCode)) {
    problems.push({
      path: `${at}/jointDepartmentCodes`,
      message: `must include the lead department ${item.departmentCode}`,
    });
  }
  const reviewing = new Set(joint ?? [item.departmentCode]);
  item.materials.forEach((material, index) => {
    if (material.departmentCode !== undefined && !reviewing.has(material.departmentCode)) {
      problems.push({
        path: `${at}/materials/${index}/departmentCode`,
        message: `${material.departmentCode} does not review this item`,
      });
    }
  });
  problems.push(
    ...duplicates(item.materials.map((m) => m.code), (i) => `${at}/materials/${i}/code`, 'material code'),
    ...duplicates(item.fees.map((f) => f.code), (i) => `${at}/fees/${i}/code`, 'fee code'),
  );
  return problems;
}

/** Validates a parsed catalogue document; throws a CatalogueValidationError listing every problem. */
export function loadCatalogue(json: unknown): Catalogue {
  if (!validate(json)) {
    // The cross-reference checks assume the shape the schema guarantees, so they wait for it.
    throw new CatalogueValidationError(
      (validate.errors ?? []).filter((error) => error.keyword !== 'if').map(schemaProblem),
    );
  }
  const departments = new Set(json.departments.map((d) => d.code));
  const problems = [
    ...duplicates(json.departments.map((d) => d.code), (i) => `/departments/${i}/code`, 'department code'),
    ...duplicates(json.items.map((item) => item.code), (i) => `/items/${i}/code`, 'item code'),
    ...json.items.flatMap((item, index) => itemProblems(item, `/items/${index}`, departments)),
  ];
  if (problems.length > 0) throw new CatalogueValidationError(problems);
  return json;
}

/** The catalogue the center starts with, before an administrator publishes its own. */
export function seedCatalogue(): Catalogue {
  return loadCatalogue(JSON.parse(readFileSync(new URL('./seed-catalogue.json', import.meta.url), 'utf8')));
}
