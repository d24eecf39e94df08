import { expect } from 'chai';
import { fixture, startTestEngine, type TestEngine } from '../../support/engine.js';
import { rawDeploy, rejection } from '../rest/helpers.js';

const dmn = (name: string) => `engine/dmn/${name}`;

/**
 * DMN through the official SDK: .dmn resources deployed with deployResources and decisions
 * evaluated with evaluateDecision (POST /v2/decision-definitions/evaluation), one decision per
 * hit policy Camunda 8.8 supports (fixtures written here, test/fixtures/engine/dmn).
 */
describe('engine/dmn decision evaluation', () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
    await t.deployFixtures(dmn('hit-policies.dmn'), dmn('fee.dmn'), dmn('column-names.dmn'), dmn('required-names.dmn'), dmn('table-details.dmn'));
  });
  after(() => t.stop());

  const evaluate = (decisionDefinitionId: string, variables: Record<string, string | number>) => t.client.evaluateDecision({ decisionDefinitionId, variables });
  const output = async (decisionDefinitionId: string, variables: Record<string, string | number>) => {
    const result = await evaluate(decisionDefinitionId, variables);
    expect(result.failureMessage, `failure of ${decisionDefinitionId}`).to.equal('');
    return JSON.parse(result.output) as unknown;
  };

  it('should answer the deployment with each decision and the decision requirements graph in 8.8’s shape', async () => {
    const deployment = await t.deployFixtures(dmn('binding-rate-first.dmn'));

    expect(deployment.decisions).to.have.length(1);
    expect(deployment.decisions[0]).to.include({ decisionDefinitionId: 'binding-rate', name: 'Rate', version: 1, decisionRequirementsId: 'binding-rates', tenantId: '<default>' });
    expect(deployment.decisions[0].decisionDefinitionKey).to.match(/^\d+$/);
    expect(deployment.decisionRequirements).to.have.length(1);
    const drg = deployment.decisionRequirements[0];
    expect(drg).to.include({ decisionRequirementsId: 'binding-rates', decisionRequirementsName: 'Binding rates', version: 1, resourceName: 'binding-rate-first.dmn' });
    expect(deployment.decisions[0].decisionRequirementsKey).to.equal(drg.decisionRequirementsKey);
  });

  it('should give a UNIQUE table’s single match, and fail naming the rules when two match', async () => {
    expect(await output('unique', { amount: 250 })).to.equal('medium');
    const failed = await evaluate('unique', { amount: 6000 });
    expect(failed.failedDecisionDefinitionId).to.equal('unique');
    expect(failed.failureMessage).to.equal(
      "Expected to evaluate decision 'unique', but multiple rules matched for the hit policy UNIQUE, but only one may: rules 3 (id unique-r3), 4 (id unique-r4)",
    );
    expect(failed.output).to.equal('null');
  });

  it('should give null when no rule of a single-hit table matches', async () => {
    expect(await output('priority', { amount: 0 })).to.equal(null);
  });

  it('should give the first matching rule of a FIRST table', async () => {
    expect(await output('first', { amount: 5000 })).to.equal('over 1000');
    expect(await output('first', { amount: 50 })).to.equal('any');
  });

  it('should give the match with the highest output priority of a PRIORITY table', async () => {
    expect(await output('priority', { amount: 700 })).to.equal('high');
    expect(await output('priority', { amount: 200 })).to.equal('medium');
  });

  it('should give the common output of an ANY table, and fail when the matches disagree', async () => {
    expect(await output('any', { amount: 30 })).to.equal('ok');
    const failed = await evaluate('any', { amount: 1000 });
    expect(failed.failureMessage).to.include('the rules matched for the hit policy ANY have different outputs: rules 1 (id any-r1), 2 (id any-r2), 3 (id any-r3)');
  });

  it('should collect every match of a COLLECT table in rule order', async () => {
    expect(await output('collect', { amount: 500 })).to.deep.equal(['received', 'reviewed']);
  });

  it('should aggregate a COLLECT table with SUM, MIN, MAX and COUNT', async () => {
    expect(await output('collect-sum', { amount: 2000 })).to.equal(50);
    expect(await output('collect-min', { amount: 2000 })).to.equal(15);
    expect(await output('collect-max', { amount: 2000 })).to.equal(30);
    expect(await output('collect-count', { amount: 500 })).to.equal(2);
  });

  it('should fail a COLLECT aggregation over an output that is no number in dmn-scala’s words', async () => {
    const failed = await evaluate('sum-of-texts', { amount: 1 });
    expect(failed.failureMessage).to.equal("Expected to evaluate decision 'sum-of-texts', but expected number but found 'ValString(ten)'");
  });

  it('should list a RULE ORDER table’s matches in rule order and an OUTPUT ORDER table’s by output priority', async () => {
    expect(await output('rule-order', { amount: 2000 })).to.deep.equal(['head', 'clerk', 'reviewer']);
    expect(await output('output-order', { amount: 2000 })).to.deep.equal(['clerk', 'reviewer', 'head']);
  });

  // dmn-scala's applyDefaultOutputEntries: only the outputs with a default entry make the result
  it('should give, when no rule matches, only the outputs with a default entry: the value alone when one output has one', async () => {
    expect(await output('one-default', { amount: 10 })).to.equal('counter');
    expect(await output('two-defaults', { amount: 10 })).to.deep.equal({ desk: 'counter', days: 1 });
  });

  // dmn-scala never reads output values as FEEL: it splits their text at commas and drops the quotes
  it('should rank by output values as text split at commas, quoted or not, as dmn-scala reads them', async () => {
    expect(await output('unquoted-values', { amount: 10 })).to.equal('high');
  });

  // dmn-scala's sortByPriority joins the positions into text: position 10 sorts before position 2
  it('should rank a PRIORITY table’s matches by their output values’ positions compared as text, as dmn-scala does', async () => {
    expect(await output('ranked', { amount: 10 })).to.equal('p10');
  });

  it('should evaluate and audit only the first match of a FIRST table', async () => {
    const result = await evaluate('first-only', { amount: 10 });
    expect(result.failureMessage).to.equal('');
    expect(result.output).to.equal('"first"');
    expect(result.evaluatedDecisions[0].matchedRules.map((r) => r.ruleId)).to.deep.equal(['first-only-r1']);
  });

  // dmn-scala audits the matched rules before the hit policy picks or refuses them
  it('should audit every match of a PRIORITY table, and the matches that break a UNIQUE table', async () => {
    const picked = await evaluate('priority', { amount: 700 });
    expect(picked.output).to.equal('"high"');
    expect(picked.evaluatedDecisions[0].matchedRules.map((r) => r.ruleIndex)).to.deep.equal([1, 2, 3]);
    const broken = await evaluate('unique', { amount: 6000 });
    expect(broken.evaluatedDecisions[0].matchedRules.map((r) => r.ruleId)).to.deep.equal(['unique-r3', 'unique-r4']);
  });

  it('should give a context by output name for a table with several outputs, with the evaluated inputs and matched rule', async () => {
    const result = await evaluate('two-outputs', { amount: 20, channel: 'walk-in' });
    expect(JSON.parse(result.output)).to.deep.equal({ desk: 'window', days: 1 });
    expect(result.evaluatedDecisions).to.have.length(1);
    const [decision] = result.evaluatedDecisions as unknown as Array<Record<string, unknown>>;
    expect(decision).to.include({ decisionDefinitionId: 'two-outputs', decisionDefinitionType: 'DECISION_TABLE', decisionDefinitionVersion: 1 });
    expect(decision.evaluatedInputs).to.deep.equal([
      { inputId: 'two-outputs-in1', inputName: 'Amount', inputValue: '20' },
      { inputId: 'two-outputs-in2', inputName: 'Channel', inputValue: '"walk-in"' },
    ]);
    expect(decision.matchedRules).to.deep.equal([
      {
        ruleId: 'two-outputs-r1',
        ruleIndex: 1,
        evaluatedOutputs: [
          { outputId: 'two-outputs-o1', outputName: 'Desk', outputValue: '"window"' },
          { outputId: 'two-outputs-o2', outputName: 'Days', outputValue: '1' },
        ],
      },
    ]);
  });

  // Zeebe 8.8 (EvaluatedDmnScalaInput/Output): an input is named by its label, else by its
  // expression cut to 30 characters; an output by its label, else by its name, else not at all ('')
  it('should name evaluated inputs and outputs as Zeebe does: labels first, an unlabelled input by its expression cut to 30 characters', async () => {
    const labelled = await evaluate('labelled-columns', { age: 40 });
    const [withLabels] = labelled.evaluatedDecisions;
    expect(withLabels.evaluatedInputs).to.deep.equal([{ inputId: 'labelled-in', inputName: 'Applicant age', inputValue: '40' }]);
    expect(withLabels.matchedRules[0].evaluatedOutputs).to.deep.equal([{ outputId: 'labelled-out', outputName: 'Fee category', outputValue: '"standard"' }]);

    const unlabelled = await t.client.evaluateDecision({ decisionDefinitionId: 'unlabelled-columns', variables: { applicant: { residence: { registeredDistrict: 'Xuhui' } } } });
    const [withoutLabels] = unlabelled.evaluatedDecisions;
    expect(withoutLabels.evaluatedInputs).to.deep.equal([{ inputId: 'unlabelled-in', inputName: 'applicant.residence.registered', inputValue: '"Xuhui"' }]);
    expect(withoutLabels.matchedRules[0].evaluatedOutputs).to.deep.equal([{ outputId: 'unlabelled-out', outputName: '', outputValue: '"local office"' }]);
  });

  it('should evaluate a literal expression', async () => {
    const result = await evaluate('base-fee', { serviceType: 'certificate' });
    expect(result.output).to.equal('20');
    expect(result.evaluatedDecisions[0]).to.include({ decisionDefinitionType: 'LITERAL_EXPRESSION', output: '20' });
  });

  // dmn-scala's ParsedDecision.resultName: the variable's name, else the decision id
  it('should give a required decision’s result under its variable’s name, not its id, and under its id when it has no variable', async () => {
    const result = await evaluate('quote', {});
    expect(JSON.parse(result.output)).to.deep.equal({ byVariable: 0.1, byId: null, withoutVariable: 200 });
  });

  // dmn-scala's DecisionEvaluator evaluates the requirements of each decision anew, and audits each evaluation
  it('should evaluate and list a decision required along two paths once per path, as Zeebe does', async () => {
    const result = await evaluate('quote', {});
    expect(result.evaluatedDecisions.map((d) => d.decisionDefinitionId)).to.deep.equal(['rateDecision', 'rateDecision', 'base', 'quote']);
  });

  it('should evaluate required decisions first and give their results to the requiring decision', async () => {
    const result = await evaluate('fee', { age: 70, serviceType: 'licence' });
    expect(result.output).to.equal('25');
    expect(result).to.include({ decisionDefinitionId: 'fee', decisionDefinitionName: 'Fee', decisionRequirementsId: 'fee-rules', failureMessage: '', failedDecisionDefinitionId: '' });
    expect(result.evaluatedDecisions.map((d) => [d.decisionDefinitionId, d.output])).to.deep.equal([
      ['applicant-category', '"senior"'],
      ['base-fee', '50'],
      ['fee', '25'],
    ]);
    const keys = (result.evaluatedDecisions as unknown as Array<{ decisionEvaluationInstanceKey: string }>).map((d) => d.decisionEvaluationInstanceKey);
    expect(keys).to.deep.equal([1, 2, 3].map((i) => `${result.decisionEvaluationKey}-${i}`));
  });

  it('should name the required decision that failed', async () => {
    const result = await evaluate('fee', { age: 130, serviceType: 'licence' });
    expect(result.failedDecisionDefinitionId).to.equal('applicant-category');
    expect(result.failureMessage).to.match(/^Expected to evaluate decision 'fee', but multiple rules matched for the hit policy UNIQUE/);
    expect(result.evaluatedDecisions.map((d) => d.decisionDefinitionId)).to.deep.equal(['applicant-category']);
  });

  it('should evaluate by decision definition key, and refuse an unknown id or key with 404', async () => {
    const deployed = await t.client.evaluateDecision({ decisionDefinitionId: 'base-fee', variables: {} });
    const byKey = await t.client.evaluateDecision({ decisionDefinitionKey: deployed.decisionDefinitionKey, variables: { serviceType: 'certificate' } });
    expect(byKey.output).to.equal('20');
    expect((await rejection(evaluate('no-such-decision', {}))).statusCode).to.equal(404);
    expect((await rejection(t.client.evaluateDecision({ decisionDefinitionKey: '2251799813600000', variables: {} }))).statusCode).to.equal(404);
  });
});

describe('engine/dmn deployment', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await startTestEngine();
  });
  afterEach(() => t.stop());

  it('should keep versions and keys for the same DMN, and version the graph and each decision when it changes', async () => {
    const first = await t.deployFixtures(dmn('binding-rate-first.dmn'));
    const again = await t.deployFixtures(dmn('binding-rate-first.dmn'));
    expect(again.decisions[0].decisionDefinitionKey).to.equal(first.decisions[0].decisionDefinitionKey);
    expect(again.decisionRequirements[0]).to.include({ version: 1 });

    const second = await t.deployFixtures(dmn('binding-rate-second.dmn'));
    expect(second.decisions[0]).to.include({ decisionDefinitionId: 'binding-rate', version: 2 });
    expect(second.decisionRequirements[0]).to.include({ decisionRequirementsId: 'binding-rates', version: 2 });
    const latest = await t.client.evaluateDecision({ decisionDefinitionId: 'binding-rate', variables: {} });
    expect(latest).to.include({ output: '"second rate"', decisionDefinitionVersion: 2 });
    const older = await t.client.evaluateDecision({ decisionDefinitionKey: first.decisions[0].decisionDefinitionKey, variables: {} });
    expect(older).to.include({ output: '"first rate"', decisionDefinitionVersion: 1 });
  });

  it('should refuse invalid DMN naming the decision, the rule and the column, and deploy nothing', async () => {
    const broken = fixture(dmn('fee.dmn')).replace('<text>[18..65)</text>', '<text>[18..</text>').replace('<text>base-fee * 0.5</text>', '<text>base-fee * </text>');
    const res = await rawDeploy(t, [{ name: 'broken-fee.dmn', content: broken }, { name: 'rates.dmn', content: fixture(dmn('binding-rate-first.dmn')) }]);

    expect(res.status).to.equal(400);
    const detail = String(res.body.detail);
    expect(detail).to.include("'broken-fee.dmn'");
    expect(detail).to.include('Element: fee (dmn:Decision)').and.include("rule 2 (id fee-senior), output 1 'Fee' (id fee-out): failed to parse expression 'base-fee *'");
    expect(detail).to.include('Element: applicant-category (dmn:Decision)').and.include("rule 2 (id category-adult), input 1 'Age' (id category-in-age): failed to parse expression '[18..'");
    const search = await t.client.evaluateDecision({ decisionDefinitionId: 'binding-rate', variables: {} }).catch((err: { statusCode: number }) => err.statusCode);
    expect(search).to.equal(404);
  });

  it('should refuse a required decision missing from the graph, cycles of required decisions and two decisions with one id', async () => {
    const missing = fixture(dmn('fee.dmn')).replace('href="#base-fee"', 'href="#base-charge"');
    const cyclic = fixture(dmn('fee.dmn')).replace('<decisionTable id="category-table"', '<informationRequirement id="loop"><requiredDecision href="#fee" /></informationRequirement><decisionTable id="category-table"');
    const twice = fixture(dmn('binding-rate-second.dmn')).replace('id="binding-rates"', 'id="other-rates"');

    const refusedMissing = await rawDeploy(t, [{ name: 'missing.dmn', content: missing }]);
    expect(String(refusedMissing.body.detail)).to.include("the decision requires decision 'base-charge', which is not in this decision requirements graph");
    const refusedCycle = await rawDeploy(t, [{ name: 'cyclic.dmn', content: cyclic }]);
    expect(String(refusedCycle.body.detail)).to.include('the required decisions form a cycle: fee -> applicant-category -> fee');
    const refusedTwice = await rawDeploy(t, [{ name: 'a.dmn', content: fixture(dmn('binding-rate-first.dmn')) }, { name: 'b.dmn', content: twice }]);
    expect(String(refusedTwice.body.detail)).to.include("found a duplicated id 'binding-rate' in the resources 'a.dmn' and 'b.dmn'");
  });

  // dmn-scala's DmnParser.validateExpressionLanguage: an expression's own language must be FEEL by one of its names
  it('should refuse an input expression, input entry, output entry or literal expression in another language than FEEL, in dmn-scala’s words', async () => {
    const other = fixture(dmn('expression-languages.dmn'))
      .replace('expressionLanguage="FEEL"', 'expressionLanguage="juel"')
      .replace('expressionLanguage="https://www.omg.org/spec/DMN/20191111/FEEL/"', 'expressionLanguage="JavaScript"')
      .replace('expressionLanguage="http://www.omg.org/spec/FEEL/20140401"', 'expressionLanguage="groovy"')
      .replace('expressionLanguage="feel"', 'expressionLanguage="python"');
    const res = await rawDeploy(t, [{ name: 'languages.dmn', content: other }]);

    expect(res.status).to.equal(400);
    const detail = String(res.body.detail);
    expect(detail).to.include("input 1 'Queue' (id counter-in), input expression: Expression language 'juel' is not supported");
    expect(detail).to.include("rule 1 (id counter-r1), input 1 'Queue' (id counter-in): Expression language 'javascript' is not supported");
    expect(detail).to.include("rule 1 (id counter-r1), output 1 'Counter' (id counter-out): Expression language 'groovy' is not supported");
    expect(detail).to.include("Element: notice (dmn:Decision)").and.include("literal expression: Expression language 'python' is not supported");
  });

  it('should take FEEL by any of its names on an expression, and ignore the definitions’ default expression language', async () => {
    await t.deployFixtures(dmn('expression-languages.dmn'));
    expect(await t.client.evaluateDecision({ decisionDefinitionId: 'counter', variables: { queue: 12 } })).to.include({ output: '"express"' });
    expect(await t.client.evaluateDecision({ decisionDefinitionId: 'notice', variables: {} })).to.include({ output: '"Please wait"' });
  });

  it('should refuse a hit policy or aggregation Camunda does not support, and unnamed outputs of a table with several', async () => {
    const table = fixture(dmn('hit-policies.dmn'));
    const unordered = table.replace('hitPolicy="FIRST"', 'hitPolicy="UNORDERED"');
    const unnamed = table.replace('name="desk"', '');
    const aggregatedFirst = table.replace('hitPolicy="FIRST"', 'hitPolicy="FIRST" aggregation="SUM"');

    expect(String((await rawDeploy(t, [{ name: 'u.dmn', content: unordered }])).body.detail)).to.include("Element: first (dmn:Decision)").and.include("hit policy 'UNORDERED' is not supported");
    expect(String((await rawDeploy(t, [{ name: 'n.dmn', content: unnamed }])).body.detail)).to.include("output 1 'Desk' (id two-outputs-o1) has no name");
    expect(String((await rawDeploy(t, [{ name: 'a.dmn', content: aggregatedFirst }])).body.detail)).to.include("aggregation 'SUM' needs the hit policy COLLECT, but the hit policy is FIRST");
  });
});
