import { expect } from 'chai';
import { fixture, startTestEngine, type TestEngine } from '../../support/engine.js';
import { rawDeploy } from '../rest/helpers.js';
import { NOW, strictClient } from '../rest/strict-client.js';

const dmn = (name: string) => `engine/dmn/${name}`;

/**
 * DMN written in the versions before and after 1.3, which Camunda 8.8 deploys as well (dmn-scala on
 * camunda-dmn-model reads DMN 1.1 to 1.5), through the official SDK: deployResources, then
 * evaluateDecision. Fixtures written here: a DMN 1.1 graph as the Camunda 7 Modeler wrote it
 * (biodi layout, feel:/xsd: typeRefs), a DMN 1.2 graph with DMNDI, a DMN 1.4 and a 1.5 literal expression.
 */
describe('engine/dmn versions 1.1 to 1.5', () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  const evaluate = (decisionDefinitionId: string, variables: Record<string, string | number | boolean>) => t.client.evaluateDecision({ decisionDefinitionId, variables });

  it('should deploy a DMN 1.1 graph and evaluate its decision table with the required literal expression', async () => {
    const deployment = await t.deployFixtures(dmn('permit-fees-dmn11.dmn'));
    expect(deployment.decisionRequirements[0]).to.include({ decisionRequirementsId: 'permit-fees-11', decisionRequirementsName: 'Permit fees (DMN 1.1)', version: 1 });
    expect(deployment.decisions.map((d) => d.decisionDefinitionId)).to.deep.equal(['permit-fee-11', 'surcharge-11', 'receipt-title-11', 'copy-count-11']);

    const result = await evaluate('permit-fee-11', { permitKind: 'shop', area: 120, express: true });
    expect(result).to.include({ output: '350', failureMessage: '' });
    expect(result.evaluatedDecisions.map((d) => [d.decisionDefinitionId, d.decisionDefinitionType, d.output])).to.deep.equal([
      ['surcharge-11', 'LITERAL_EXPRESSION', '50'],
      ['permit-fee-11', 'DECISION_TABLE', '350'],
    ]);
    const table = result.evaluatedDecisions[1];
    expect(table.evaluatedInputs).to.deep.equal([
      { inputId: 'permit-fee-11-kind', inputName: 'Permit kind', inputValue: '"shop"' },
      { inputId: 'permit-fee-11-area', inputName: 'Floor area', inputValue: '120' },
    ]);
    expect(table.matchedRules.map((r) => [r.ruleId, r.ruleIndex])).to.deep.equal([['permit-fee-11-large-shop', 1]]);
    expect(await evaluate('permit-fee-11', { permitKind: 'stall', area: 10, express: false })).to.include({ output: '80' });
  });

  it('should answer the DMN 1.1 resource as it was deployed, not as converted', async () => {
    await t.deployFixtures(dmn('permit-fees-dmn11.dmn'));
    const official = strictClient(t);
    const [drg] = (await official.searchDecisionRequirements({ filter: { decisionRequirementsId: 'permit-fees-11' } }, NOW)).items!;
    const [decision] = (await official.searchDecisionDefinitions({ filter: { decisionDefinitionId: 'permit-fee-11' as never } }, NOW)).items!;
    expect(await official.getDecisionRequirementsXml({ decisionRequirementsKey: drg.decisionRequirementsKey! }, NOW)).to.equal(fixture(dmn('permit-fees-dmn11.dmn')));
    expect(await official.getDecisionDefinitionXml({ decisionDefinitionKey: decision.decisionDefinitionKey! }, NOW)).to.equal(fixture(dmn('permit-fees-dmn11.dmn')));
  });

  // dmn-scala's TypeChecker: the decision variable's typeRef, with or without 'feel:', checks the
  // result; a type it does not know ('xsd:integer') checks nothing
  it('should check a DMN 1.1 decision’s result against its feel: typeRef as Camunda does, and leave an xsd: typeRef unchecked', async () => {
    expect(await evaluate('receipt-title-11', { copies: 1 })).to.include({ output: '"original"', failureMessage: '' });
    const mistyped = await evaluate('receipt-title-11', { copies: 3 });
    expect(mistyped.failureMessage).to.equal("Expected to evaluate decision 'receipt-title-11', but expected 'string' but found 'ValNumber(3)'");
    expect(mistyped.failedDecisionDefinitionId).to.equal('receipt-title-11');
    expect(mistyped.output).to.equal('null');
    expect(mistyped.evaluatedDecisions.map((d) => [d.decisionDefinitionId, d.output])).to.deep.equal([['receipt-title-11', '3']]);

    expect(await evaluate('copy-count-11', { copies: 2 })).to.include({ output: '"copies: 2"', failureMessage: '' });
  });

  it('should deploy a DMN 1.2 graph with its DMNDI and evaluate its decision table and literal expression', async () => {
    const deployment = await t.deployFixtures(dmn('permit-fees-dmn12.dmn'));
    expect(deployment.decisionRequirements[0]).to.include({ decisionRequirementsId: 'permit-fees-12', version: 1 });

    const result = await evaluate('review-days-12', { permitKind: 'shop', pending: 30 });
    expect(result).to.include({ output: '8', failureMessage: '' });
    expect(result.evaluatedDecisions.map((d) => [d.decisionDefinitionId, d.output])).to.deep.equal([
      ['workload-12', '3'],
      ['review-days-12', '8'],
    ]);
    const literal = await evaluate('workload-12', { pending: 5 });
    expect(literal.output).to.equal('0');
    expect(literal.evaluatedDecisions[0].decisionDefinitionType).to.equal('LITERAL_EXPRESSION');
  });

  it('should deploy DMN 1.4 and 1.5 literal expressions, the 1.5 one with its own DMNDI namespace', async () => {
    const deployment = await t.deployFixtures(dmn('greeting-dmn14.dmn'), dmn('greeting-dmn15.dmn'));
    expect(deployment.decisions.map((d) => d.decisionDefinitionId)).to.deep.equal(['greeting-14', 'greeting-15']);
    expect(await evaluate('greeting-14', { name: '王芳' })).to.include({ output: '"您好，王芳"' });
    expect(await evaluate('greeting-15', { name: '黄磊' })).to.include({ output: '"您好，黄磊"' });
  });

  it('should refuse a document in no DMN namespace Camunda reads, naming the namespace and the versions read', async () => {
    const unknown = fixture(dmn('greeting-dmn15.dmn')).replaceAll('20230324/MODEL/', '20990101/MODEL/');
    const res = await rawDeploy(t, [{ name: 'future.dmn', content: unknown }]);
    expect(res.status).to.equal(400);
    expect(String(res.body.detail))
      .to.include("'future.dmn'")
      .and.include("not a DMN document of a version Camunda reads (DMN 1.1, 1.2, 1.3, 1.4, 1.5): its root element has the namespace 'https://www.omg.org/spec/DMN/20990101/MODEL/'");
  });
});
