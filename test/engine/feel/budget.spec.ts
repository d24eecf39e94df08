import { expect } from 'chai';
import { FeelError, evaluateFeel, type FeelOptions } from '../../../engine/feel/feel.js';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { activate, activeIncidents, plain, until } from '../../support/scopes.js';

const opts: FeelOptions = { nowMs: Date.parse('2026-12-06T02:00:00Z') };

function failure(source: string, vars: Record<string, unknown> = {}, options = opts): FeelError {
  try {
    evaluateFeel(source, vars, options);
  } catch (err) {
    expect(err).to.be.instanceOf(FeelError);
    return err as FeelError;
  }
  throw new Error(`expected '${source}' to exceed its budget`);
}

describe('engine/feel: evaluation budget', () => {
  it('refuses a range larger than the item budget before building it', () => {
    const err = failure('count(for i in 1..1000000 return i)');
    expect(err.code).to.equal('FEEL_EVALUATION_ERROR');
    expect(err.message).to.equal(
      "failed to evaluate expression 'count(for i in 1..1000000 return i)': the evaluation creates more than its budget of 50000 list items (the range 1..1000000)",
    );
  });

  it('counts the items of every iteration together, so products of small lists are bounded too', () => {
    const xs = Array.from({ length: 1000 }, (_, i) => i);
    expect(failure('count(for a in xs, b in xs return 1)', { xs }).message).to.contain('budget of 50000 list items');
    // 300 + 300 × 300 items; whichever budget runs out first stops it
    expect(failure('for i in 1..300 return for j in 1..300 return i * j').message).to.match(/than its budget of (50000 list items|250 ms)/);
  });

  it('stops a loop that runs past the time budget', () => {
    const err = failure('sum(for i in 1..40000 return i * i)', {}, { ...opts, budget: { timeMs: 1, items: 1_000_000 } });
    expect(err.message).to.contain('took longer than its budget of 1 ms');
  });

  it('refuses a range whose bounds are not a whole number apart (feelin would iterate it forever)', () => {
    expect(failure('for i in 1..n return i', { n: 2.5 }).message).to.contain('the range 1..2.5 cannot be iterated');
  });

  it('leaves iterations, quantifiers and functions within the budget unchanged', () => {
    expect(evaluateFeel('for i in 1..3 return i * 2', {}, opts)).to.deep.equal([2, 4, 6]);
    expect(evaluateFeel('for i in [1,2], j in [10, 20] return i + j', {}, opts)).to.deep.equal([11, 21, 12, 22]);
    expect(evaluateFeel('for i in 1..3 return if i = 1 then 1 else partial[-1] + i', {}, opts)).to.deep.equal([1, 3, 6]);
    expect(evaluateFeel('for c in "a".."c" return c', {}, opts)).to.deep.equal(['a', 'b', 'c']);
    expect(evaluateFeel('for i in n..1 return i', { n: 3 }, opts)).to.deep.equal([3, 2, 1]);
    expect(evaluateFeel('some x in xs satisfies x > 1', { xs: [1, 2] }, opts)).to.equal(true);
    expect(evaluateFeel('every x in xs satisfies x > 1', { xs: [1, 2] }, opts)).to.equal(false);
    expect(evaluateFeel('{f: function(a, b) a + b}.f(1, 2)', {}, opts)).to.equal(3);
    expect(evaluateFeel('count(for i in 1..50000 return i)', {}, { ...opts, budget: { timeMs: 60_000, items: 50_000 } })).to.equal(50000);
  });

  describe('in a process', () => {
    let t: TestEngine;

    before(async () => {
      t = await startTestEngine();
      await t.deployFixtures('engine/feel/runaway-input.bpmn', 'engine/feel/static-input.bpmn');
    });

    after(async () => {
      await t.stop();
    });

    it('turns a runaway input mapping into an incident on the element and keeps serving other instances', async () => {
      const runaway = t.client.createProcessInstance({ processDefinitionId: 'feel-runaway-input', variables: {} });
      const other = t.client.createProcessInstance({ processDefinitionId: 'feel-static-input', variables: {} });
      const [{ processInstanceKey }] = await Promise.all([runaway, other]);

      const [incident] = await until(() => activeIncidents(t.client, processInstanceKey), (items) => items.length === 1, 'the incident');
      expect(incident.errorType).to.equal('IO_MAPPING_ERROR');
      expect(incident.elementId).to.equal('work');
      expect(incident.errorMessage).to.contain('creates more than its budget of 50000 list items');

      const [job] = await activate(t.client, 'feel-static-input');
      await job.complete({});
    });

    it('maps a static input value as the plain string it is, line breaks, quotes and backslashes included', async () => {
      await t.client.createProcessInstance({ processDefinitionId: 'feel-static-input', variables: {} });
      const [job] = await activate(t.client, 'feel-static-input');
      expect(plain(job.variables)).to.deep.equal({
        notice: '请携带身份证原件\n以及 "户口簿" C:\\材料',
        checked: true,
        twoLines: '第一行\n第二行',
      });
      await job.complete({});
    });
  });
});
