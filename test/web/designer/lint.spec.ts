import { expect } from 'chai';
import { createDesignLinter } from '../../../web/designer/lint.js';
import { fixture } from '../../support/engine.js';

describe('web/designer lint', function () {
  this.timeout(20_000);
  const valid = fixture('web/designer-valid.bpmn');

  it('should find nothing in a clean diagram however often the same linter lints it', async () => {
    const linter = createDesignLinter();
    const first = await linter.lint('bpmn', 'designer-demo', valid);
    const second = await linter.lint('bpmn', 'designer-demo', valid);
    const third = await linter.lint('bpmn', 'designer-demo', valid);
    expect(first).to.deep.equal([]);
    expect(second).to.deep.equal(first);
    expect(third).to.deep.equal(first);
  });

  it('should answer two diagrams linted at the same time as it answers each alone', async () => {
    const linter = createDesignLinter();
    const alone = await linter.lint('bpmn', 'designer-demo', valid);
    const together = await Promise.all([linter.lint('bpmn', 'designer-demo', valid), linter.lint('bpmn', 'designer-demo', valid)]);
    expect(together).to.deep.equal([alone, alone]);
  });
});
