import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allComponents, fieldsOf, INPUT_TYPES, type FieldNode } from '../../domain/forms/fields.js';
import { checkFormDefinition, FORM_SCHEMA_VERSION, parseFormDefinition } from '../../domain/forms/form-definition.js';
import { crossFieldErrors } from '../../domain/forms/cross-field-rules.js';
import { submissionSchemaOf, validateSubmission } from '../../domain/forms/submission-schema.js';
import type { FormJsSchema } from '../../domain/forms/types.js';

const root = join(import.meta.dirname, '..', '..');
const formFiles = readdirSync(join(root, 'forms'))
  .filter((name) => name.endsWith('.form'))
  .sort();
const procedures = readFileSync(join(root, 'docs', 'procedures.md'), 'utf8');

function section(title: string): string {
  const start = procedures.indexOf(`## ${title}`);
  const end = procedures.indexOf('\n## ', start + 1);
  return procedures.slice(start, end === -1 ? undefined : end);
}

function tableRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split(/(?<!\\)\|/).slice(1, -1).map((cell) => cell.trim()));
}

const backticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map(([, name]) => name);

/** variable name → its type cell, from the Process variables table */
const documented = new Map(
  tableRows(section('Process variables')).flatMap(([names, type]) => backticked(names).map((name) => [name, type] as const)),
);

const formIdsInContract = backticked(section('Forms').split('\n\n')[1]);

/** form id → the variables the contract says it writes */
const writesInContract = new Map(
  tableRows(section('Forms')).flatMap(([forms, writes]) => {
    const names = writes.replace(/\([^)]*\)/g, '').match(/[A-Za-z]+/g) ?? [];
    return backticked(forms).map((id) => [id, new Set(names)] as const);
  }),
);

function read(file: string): unknown {
  return JSON.parse(readFileSync(join(root, 'forms', file), 'utf8'));
}

/** every submitted value's path, rows marked with "*" */
function valuePaths(fields: FieldNode[], prefix: string[] = []): string[][] {
  return fields.flatMap((f) => [[...prefix, ...f.path], ...(f.row ? valuePaths(f.row, [...prefix, ...f.path, '*']) : [])]);
}

describe('forms', () => {
  it('should ship exactly the forms the procedures contract names', () => {
    expect(formIdsInContract).to.not.be.empty;
    expect(formFiles.map((file) => file.replace(/\.form$/, ''))).to.have.members(formIdsInContract);
  });

  for (const file of formFiles) {
    describe(file, () => {
      const id = file.replace(/\.form$/, '');

      it('should be a valid form-js form of the pinned schema version', () => {
        expect(checkFormDefinition(read(file))).to.deep.equal([]);
        const form = parseFormDefinition(readFileSync(join(root, 'forms', file), 'utf8'));
        expect(form.schemaVersion).to.equal(FORM_SCHEMA_VERSION);
        expect(form.exporter).to.include.keys('name', 'version');
      });

      it('should have the id of its file name', () => {
        expect((read(file) as FormJsSchema).id).to.equal(id);
      });

      it('should write only variables the contract documents, in camelCase', () => {
        const form = parseFormDefinition(read(file));
        for (const path of valuePaths(fieldsOf(form.components))) {
          const [variable, ...nested] = path.filter((segment) => segment !== '*');
          expect(documented.has(variable), `${path.join('.')}: ${variable} is not in docs/procedures.md`).to.equal(true);
          for (const segment of nested) {
            expect(documented.get(variable), `${path.join('.')}: ${segment} is not in the type of ${variable}`).to.match(
              new RegExp(`\\b${segment}\\b`),
            );
          }
          for (const segment of path.filter((s) => s !== '*')) expect(segment).to.match(/^[a-z][A-Za-z0-9]*$/);
        }
        for (const c of allComponents(form.components)) {
          if (c.valuesKey) expect(documented.has(c.valuesKey), `valuesKey ${c.valuesKey}`).to.equal(true);
        }
      });

      it('should write the variables its row of the contract lists', () => {
        const form = parseFormDefinition(read(file));
        const written = new Set(fieldsOf(form.components).map((f) => f.path[0]));
        expect([...written]).to.have.members([...(writesInContract.get(id) ?? [])]);
      });

      it('should validate every field a clerk fills', () => {
        const form = parseFormDefinition(read(file));
        for (const c of allComponents(form.components)) {
          if (!INPUT_TYPES.has(c.type) || c.readonly) continue;
          const v = c.validate ?? {};
          // an anchored pattern bounds the length as well
          if (c.type === 'textfield' || c.type === 'textarea') expect(v, `${c.id} maxLength`).to.include.any.keys('maxLength', 'pattern');
          if (c.type === 'number') expect(v, `${c.id} range`).to.include.keys('min', 'max');
          if (['radio', 'select', 'datetime'].includes(c.type)) expect(v.required, `${c.id} required`).to.equal(true);
        }
      });

      it('should give a submission schema the server can compile', () => {
        const form = parseFormDefinition(read(file));
        expect(submissionSchemaOf(form)).to.include({ type: 'object', additionalProperties: false });
        expect(validateSubmission(form, {}).ok).to.equal(false);
      });
    });
  }

  describe('fees and waiver on the deciding forms', () => {
    const itemFees = [
      { value: 'registration', label: '不动产登记费（住宅类）：80.00元/件', amountFen: 8000 },
      { value: 'extra-certificate', label: '不动产权属证书工本费（第二本起）：10.00元/本', amountFen: 1000 },
    ];
    const approvals: Array<[string, Record<string, unknown>]> = [
      ['on-the-spot-handling', { decision: 'approve', opinion: '准予' }],
      ['window-head-approval', { decision: 'approve', opinion: '同意' }],
      ['lead-consolidation', { reviewAction: 'decide', decision: 'approve', opinion: '同意' }],
    ];
    const registration = { code: 'registration', quantity: 1 };
    /** the form's own rules, then its rules between fields, as the inbox judges a completion */
    const accepts = (form: FormJsSchema, data: Record<string, unknown>, vars: Record<string, unknown>) =>
      validateSubmission(form, data, vars).ok && crossFieldErrors(form.id, data, vars).length === 0;

    for (const [id, approval] of approvals) {
      it(`${id}: should make an approval list the published fees it charges, each once with its quantity, and offer only the published ones`, () => {
        const form = parseFormDefinition(read(`${id}.form`));
        const vars = { caseNumber: 'SH20261009-0001', itemCode: 'ZRZY-001', itemFees, reviews: [] };
        const charged = { ...approval, feeWaiverRequested: false };
        expect(accepts(form, { ...charged, fees: [registration, { code: 'extra-certificate', quantity: 2 }] }, vars)).to.equal(true);
        // none listed would charge nothing: a waiver nobody authorised
        expect(accepts(form, charged, vars)).to.equal(false);
        expect(crossFieldErrors(id, { ...charged, fees: [] }, vars).map((e) => e.field)).to.deep.equal(['fees']);
        expect(accepts(form, { ...charged, fees: [{ code: 'express-handling', quantity: 1 }] }, vars)).to.equal(false);
        expect(accepts(form, { ...charged, fees: [{ code: 'registration', quantity: 0 }] }, vars)).to.equal(false);
        expect(crossFieldErrors(id, { ...charged, fees: [registration, registration] }, vars).map((e) => e.field)).to.deep.equal(['fees[1].code']);
        // a free item shows no fee list, and a rejection charges nothing
        expect(accepts(form, approval, { ...vars, itemFees: [] })).to.equal(true);
        expect(accepts(form, { ...charged, fees: [registration] }, { ...vars, itemFees: [] })).to.equal(false);
        const rejection = { ...approval, decision: 'reject', refusalReason: '不符合登记条件' };
        expect(accepts(form, rejection, vars)).to.equal(true);
        expect(accepts(form, { ...rejection, fees: [registration] }, vars)).to.equal(false);
      });

      it(`${id}: should ask a waiver for one charged fee with its reason`, () => {
        const form = parseFormDefinition(read(`${id}.form`));
        const vars = { caseNumber: 'SH20261009-0001', itemCode: 'ZRZY-001', itemFees, reviews: [] };
        const waiving = { ...approval, fees: [registration], feeWaiverRequested: true };
        expect(accepts(form, { ...waiving, feeWaiver: { feeCode: 'registration', reason: '最低生活保障对象，凭低保证减免' } }, vars)).to.equal(true);
        expect(accepts(form, waiving, vars)).to.equal(false);
        expect(accepts(form, { ...waiving, feeWaiver: { feeCode: 'registration', reason: '' } }, vars)).to.equal(false);
        expect(crossFieldErrors(id, { ...waiving, feeWaiver: { feeCode: 'extra-certificate', reason: '最低生活保障对象' } }, vars).map((e) => e.field)).to.deep.equal(['feeWaiver.feeCode']);
        // no waiver asked, none sent
        expect(accepts(form, { ...waiving, feeWaiverRequested: false, feeWaiver: { feeCode: 'registration', reason: '最低生活保障对象' } }, vars)).to.equal(false);
      });
    }
  });

  describe('form definition check', () => {
    const base = {
      type: 'default',
      id: 'broken',
      schemaVersion: FORM_SCHEMA_VERSION,
      executionPlatform: 'Camunda Cloud',
      executionPlatformVersion: '8.8.0',
      exporter: { name: 'test', version: '1' },
    };

    it('should refuse a misspelt property, an unsupported component and a newer schema version', () => {
      const problems = checkFormDefinition({
        ...base,
        schemaVersion: FORM_SCHEMA_VERSION + 1,
        components: [
          { type: 'textfield', id: 'a', key: 'a', lable: 'A' },
          { type: 'filepicker', id: 'f', key: 'files' },
        ],
      });
      expect(problems.map((p) => p.at)).to.include.members(['/schemaVersion', '/components/0', '/components/1/type']);
    });

    it('should refuse FEEL that does not parse, clashing keys and repeated ids', () => {
      const problems = checkFormDefinition({
        ...base,
        components: [
          { type: 'textfield', id: 'a', key: 'applicant', conditional: { hide: '=accepted = ' } },
          { type: 'textfield', id: 'b', key: 'applicant.name' },
          { type: 'text', id: 'b', text: 'due {{ dueAt + }}' },
        ],
      });
      expect(problems.map((p) => p.message).join('\n'))
        .to.contain('conditional.hide: FEEL does not parse')
        .and.contain('value applicant clashes with b')
        .and.contain('text: FEEL does not parse')
        .and.contain('component id used twice');
    });
  });
});
