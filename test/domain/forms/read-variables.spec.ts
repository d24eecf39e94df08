import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allComponents } from '../../../domain/forms/fields.js';
import { parseFormDefinition } from '../../../domain/forms/form-definition.js';
import { variablesReadBy } from '../../../domain/forms/read-variables.js';
import type { FormJsSchema } from '../../../domain/forms/types.js';

const formsDir = join(import.meta.dirname, '..', '..', '..', 'forms');
const form = (components: unknown[]): FormJsSchema => ({ type: 'default', id: 'f', schemaVersion: 19, components }) as unknown as FormJsSchema;

describe('domain/forms variablesReadBy (what a completed task keeps to show its form again)', () => {
  it('should take keys, paths, option sources and the names in FEEL and templates, but no FEEL word or string literal', () => {
    const read = variablesReadBy(
      form([
        { type: 'text', id: 't', text: 'Case {{caseNumber}} due {{ dueAt }}' },
        { type: 'textfield', id: 'a', key: 'applicant.name', label: '=if caseType = "joint" then "x" else "y"' },
        { type: 'select', id: 's', key: 'code', valuesKey: 'itemMaterials' },
        { type: 'dynamiclist', id: 'l', path: 'missing', conditional: { hide: '=materialsComplete = true' }, components: [] },
        { type: 'select', id: 'e', key: 'fee', valuesExpression: '=for f in itemFees return f' },
      ]),
    );
    expect([...read].sort()).to.deep.equal(['applicant', 'caseNumber', 'caseType', 'code', 'dueAt', 'f', 'fee', 'itemFees', 'itemMaterials', 'materialsComplete', 'missing'].sort());
  });

  for (const file of readdirSync(formsDir).filter((name) => name.endsWith('.form'))) {
    it(`${file}: should keep every field it submits and every option list it shows`, () => {
      const schema = parseFormDefinition(JSON.parse(readFileSync(join(formsDir, file), 'utf8')));
      const read = variablesReadBy(schema);
      for (const c of allComponents(schema.components)) {
        if (c.valuesKey) expect(read, `${c.id} valuesKey`).to.include(c.valuesKey);
        const top = (c.path ?? c.key)?.split('.')[0];
        if (top) expect(read, `${c.id} key`).to.include(top);
      }
    });
  }
});
