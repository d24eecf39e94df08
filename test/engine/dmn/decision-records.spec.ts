import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture, startTestEngine, type TestEngine } from '../../support/engine.js';
import { rawCall } from '../rest/helpers.js';
import { NOW, strictClient } from '../rest/strict-client.js';

const dmn = (name: string) => `engine/dmn/${name}`;

/**
 * Decision definitions, decision requirements and their XML through the official 8.8 client with
 * strict response validation; decision instances raw, since their decisionEvaluationInstanceKey
 * (`<key>-<n>`, as the 8.8 server gives it) does not fit the contract file's numeric-key pattern.
 */
describe('engine/dmn decision records, searches and XML', () => {
  let t: TestEngine;
  let official: ReturnType<typeof strictClient>;
  before(async () => {
    t = await startTestEngine();
    official = strictClient(t);
    const deployment = await official.createDeployment({ resources: [new File([fixture(dmn('fee.dmn'))], 'fee.dmn')] });
    expect(deployment.deployments.map((d) => Object.keys(d)[0])).to.deep.equal(['decisionDefinition', 'decisionDefinition', 'decisionDefinition', 'decisionRequirements']);
    await t.deployFixtures(dmn('binding-rate-first.dmn'));
    await t.deployFixtures(dmn('binding-rate-second.dmn'));
  });
  after(() => t.stop());

  it('should search decision definitions by id and sort them by version, and get one by key', async () => {
    const found = await official.searchDecisionDefinitions({ filter: { decisionDefinitionId: 'binding-rate' as never }, sort: [{ field: 'version', order: 'DESC' }] }, NOW);
    expect(found.items!.map((d) => [d.decisionDefinitionId, d.version, d.decisionRequirementsId])).to.deep.equal([
      ['binding-rate', 2, 'binding-rates'],
      ['binding-rate', 1, 'binding-rates'],
    ]);
    expect(Number(found.page.totalItems)).to.equal(2);
    const one = await official.getDecisionDefinition({ decisionDefinitionKey: found.items![0].decisionDefinitionKey! }, NOW);
    expect(one).to.include({ decisionDefinitionId: 'binding-rate', name: 'Rate', version: 2, tenantId: '<default>' });
  });

  it('should search decision requirements and get one by key, with the decisions of a graph pointing to it', async () => {
    const found = await official.searchDecisionRequirements({ filter: { decisionRequirementsId: 'fee-rules' } }, NOW);
    expect(found.items).to.have.length(1);
    expect(found.items![0]).to.include({ decisionRequirementsId: 'fee-rules', decisionRequirementsName: 'Service fees', version: 1, resourceName: 'fee.dmn' });
    const key = found.items![0].decisionRequirementsKey!;
    const one = await official.getDecisionRequirements({ decisionRequirementsKey: key }, NOW);
    expect(one.decisionRequirementsId).to.equal('fee-rules');
    const decisions = await official.searchDecisionDefinitions({ filter: { decisionRequirementsKey: key } }, NOW);
    expect(decisions.items!.map((d) => d.decisionDefinitionId).sort()).to.deep.equal(['applicant-category', 'base-fee', 'fee']);
  });

  it('should give the deployed XML of decision requirements and of a decision (its whole graph)', async () => {
    const [drg] = (await official.searchDecisionRequirements({ filter: { decisionRequirementsId: 'fee-rules' } }, NOW)).items!;
    const [decision] = (await official.searchDecisionDefinitions({ filter: { decisionDefinitionId: 'base-fee' as never } }, NOW)).items!;
    expect(await official.getDecisionRequirementsXml({ decisionRequirementsKey: drg.decisionRequirementsKey! }, NOW)).to.equal(fixture(dmn('fee.dmn')));
    expect(await official.getDecisionDefinitionXml({ decisionDefinitionKey: decision.decisionDefinitionKey! }, NOW)).to.equal(fixture(dmn('fee.dmn')));
    const missing = await fetch(`${t.url}/v2/decision-requirements/2251799813600000/xml`, { headers: t.headers });
    expect(missing.status).to.equal(404);
  });

  it('should record an evaluation’s decisions as decision instances, searchable by evaluation key and each with its inputs and rules', async () => {
    const evaluation = await t.client.evaluateDecision({ decisionDefinitionId: 'fee', variables: { age: 10, serviceType: 'licence' } });
    const found = await rawCall(t, 'POST', '/decision-instances/search', { filter: { decisionEvaluationKey: evaluation.decisionEvaluationKey } });
    const items = found.body.items as Array<Record<string, unknown>>;
    expect(items.map((i) => [i.decisionEvaluationInstanceKey, i.decisionDefinitionId, i.state])).to.deep.equal([
      [`${evaluation.decisionEvaluationKey}-1`, 'applicant-category', 'EVALUATED'],
      [`${evaluation.decisionEvaluationKey}-2`, 'base-fee', 'EVALUATED'],
      [`${evaluation.decisionEvaluationKey}-3`, 'fee', 'EVALUATED'],
    ]);
    expect(items[0]).not.to.have.any.keys('evaluatedInputs', 'matchedRules', 'processInstanceKey', 'evaluationFailure');

    const one = await rawCall(t, 'GET', `/decision-instances/${evaluation.decisionEvaluationKey}-1`);
    expect(one.body).to.include({ decisionDefinitionId: 'applicant-category', result: '"minor"', decisionDefinitionType: 'DECISION_TABLE' });
    expect(one.body.evaluatedInputs).to.deep.equal([{ inputId: 'category-in-age', inputName: 'Age', inputValue: '10' }]);
    expect(one.body.matchedRules).to.deep.equal([
      { ruleId: 'category-minor', ruleIndex: 1, evaluatedOutputs: [{ outputId: 'category-out', outputName: 'Category', outputValue: '"minor"' }] },
    ]);
    expect(Date.parse(String(one.body.evaluationDate))).to.be.a('number').and.not.NaN;
    expect((await rawCall(t, 'GET', `/decision-instances/${evaluation.decisionEvaluationKey}-9`)).status).to.equal(404);
  });

  it('should mark the decision that failed FAILED with the failure, the ones before it EVALUATED', async () => {
    const evaluation = await t.client.evaluateDecision({ decisionDefinitionId: 'fee', variables: { age: 200, serviceType: 'licence' } });
    const found = await rawCall(t, 'POST', '/decision-instances/search', { filter: { decisionEvaluationKey: evaluation.decisionEvaluationKey, state: 'FAILED' } });
    const items = found.body.items as Array<Record<string, unknown>>;
    expect(items).to.have.length(1);
    expect(items[0]).to.include({ decisionDefinitionId: 'applicant-category', evaluationFailure: evaluation.failureMessage });
  });
});

describe('engine/dmn decisions across a restart', () => {
  let dir: string;
  let t: TestEngine | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'engine-dmn-'));
  });
  afterEach(async () => {
    await t?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should evaluate deployed decisions and find their decision instances after the engine restarts', async () => {
    const dataPath = join(dir, 'engine.db');
    t = await startTestEngine(dataPath);
    await t.deployFixtures(dmn('fee.dmn'));
    const before = await t.client.evaluateDecision({ decisionDefinitionId: 'fee', variables: { age: 30, serviceType: 'certificate' } });
    await t.stop();

    t = await startTestEngine(dataPath);

    const after = await t.client.evaluateDecision({ decisionDefinitionId: 'fee', variables: { age: 30, serviceType: 'certificate' } });
    expect(after).to.include({ output: '20', decisionDefinitionKey: before.decisionDefinitionKey });
    const found = await rawCall(t, 'POST', '/decision-instances/search', { filter: { decisionEvaluationKey: before.decisionEvaluationKey } });
    expect(found.body.items).to.have.length(3);
  });
});
