import { expect } from 'chai';
import type { Store } from '../../../domain/store/index.js';
import { fixture, startTestEngine, type TestEngine } from '../../support/engine.js';
import { openTestStore, type TestStore } from '../../support/test-store.js';
import { bodyAs, startWebOn, type WebOn } from '../../support/web-system.js';
import type { ApiClient } from '../../support/web.js';

interface Problem {
  code: string;
  detail: string;
  problems: Array<{ elementId: string | null; elementType: string | null; message: string }>;
}
interface DecisionDefinition {
  decisionDefinitionId: string;
  decisionDefinitionKey: string;
  version: number;
  decisionRequirementsId: string;
}

/** 收费标准 (designer-fees.dmn): one decision table, 工本费 (designer-fee), by applicant type */
const fees = fixture('web/designer-fees.dmn');

describe('web/api designer decisions (DMN)', function () {
  this.timeout(30_000);
  let engine: TestEngine;
  let testStore: TestStore;
  let store: Store;
  let web: WebOn;
  let designer: ApiClient;

  beforeEach(async () => {
    engine = await startTestEngine();
    testStore = await openTestStore();
    store = testStore.store;
    web = await startWebOn({ store, camunda: engine.client, clock: () => new Date() });
    designer = await web.as('designer');
  });
  afterEach(async () => {
    try {
      await web.close();
    } finally {
      await testStore.close();
      await engine.stop();
    }
  });

  const save = (id: string, content: string, baseVersion?: number) =>
    designer.request('put', `/api/designer/dmn/${id}`, { body: { content, ...(baseVersion === undefined ? {} : { baseVersion }) } });

  async function engineDecisions(decisionDefinitionId: string): Promise<DecisionDefinition[]> {
    const found = await engine.client.callApiEndpoint<object, { items: DecisionDefinition[] }>({
      method: 'POST',
      urlPath: 'decision-definitions/search',
      body: { filter: { decisionDefinitionId }, sort: [{ field: 'version', order: 'ASC' }] },
    });
    return found.items.map((d) => ({ ...d, decisionDefinitionKey: String(d.decisionDefinitionKey) }));
  }

  it('should save a decision file as versions, list it, deploy it and audit each decision with its new version', async () => {
    expect((await designer.get('/api/designer/dmn/designer-fees')).status, 'no file ships with the project').to.equal(404);
    expect(bodyAs<{ items: unknown[] }>(await designer.get('/api/designer/dmn')).items).to.deep.equal([]);

    expect((await save('designer-fees', fees, 0)).status).to.equal(201);
    const first = await designer.post('/api/designer/dmn/designer-fees/deploy', {});
    expect(first.status, JSON.stringify(first.body)).to.equal(201);
    expect(first.body).to.include({ kind: 'dmn', id: 'designer-fees', version: 1, engineVersion: 1 });
    const [v1] = await engineDecisions('designer-fee');
    expect(v1).to.include({ version: 1, decisionRequirementsId: 'designer-fees' });

    // the designer raises the fee and deploys again: the decision's version 2
    expect((await save('designer-fees', fees.replace('<text>20</text>', '<text>25</text>'), 1)).status).to.equal(201);
    const second = await designer.post('/api/designer/dmn/designer-fees/deploy', {});
    expect(second.status, JSON.stringify(second.body)).to.equal(201);
    expect(second.body).to.include({ version: 2, engineVersion: 2 });
    const definitions = await engineDecisions('designer-fee');
    expect(definitions.map((d) => d.version)).to.deep.equal([1, 2]);
    const evaluated = await engine.client.evaluateDecision({ decisionDefinitionId: 'designer-fee', variables: { applicantType: 'organisation' } });
    expect((evaluated as unknown as { output: string }).output).to.equal('25');

    const audit = await store.audit.forTarget('decision', 'designer-fees');
    expect(audit.map((e) => e.action)).to.deep.equal(['decision.save', 'decision.deploy', 'decision.save', 'decision.deploy']);
    expect(audit[3]).to.deep.include({
      actor: 'designer',
      detail: {
        version: 2,
        key: bodyAs<{ deployedVersionKey: string }>(second).deployedVersionKey,
        engineVersion: 2,
        deployed: [{ id: 'designer-fee', key: definitions[1].decisionDefinitionKey, version: 2 }],
        ip: '127.0.0.1',
      },
    });

    const list = bodyAs<{ items: Array<Record<string, unknown>> }>(await designer.get('/api/designer/dmn'));
    expect(list.items).to.have.length(1);
    expect(list.items[0]).to.include({ id: 'designer-fees', name: '收费标准', version: 2, author: 'designer', deployedVersion: 2 });
    // what is saved against the graph the engine runs
    expect(bodyAs<{ identical: boolean; against: { version: number } }>(await designer.get('/api/designer/dmn/designer-fees/diff'))).to.deep.include({ identical: true, against: { kind: 'deployed', version: 2, key: bodyAs<{ deployedVersionKey: string }>(second).deployedVersionKey } });

    // only designers and administrators
    const clerk = await web.as('mz-clerk-a');
    expect((await clerk.get('/api/designer/dmn')).status).to.equal(403);
    expect((await clerk.post('/api/designer/dmn/designer-fees/deploy', {})).status).to.equal(403);
  });

  it("should answer invalid DMN with the engine's message naming the decision, deploying and recording nothing but the attempt", async () => {
    // a rule's output entry that is no FEEL
    expect((await save('designer-fees', fees.replace('<text>20</text>', '<text>20 +</text>'))).status).to.equal(201);

    const res = await designer.post('/api/designer/dmn/designer-fees/deploy', {});

    expect(res.status).to.equal(400);
    const refused = bodyAs<Problem>(res);
    expect(refused.code).to.equal('deployment-rejected');
    expect(refused.problems.map((p) => p.elementId)).to.deep.equal(['designer-fee']);
    expect(refused.problems[0].message).to.contain("rule 2 (id designer-fee-organisation), output 1 '费用' (id designer-fee-output)");
    expect(await engineDecisions('designer-fee')).to.deep.equal([]);
    expect((await store.designs.latest('dmn', 'designer-fees'))!.deployedVersionKey).to.equal(null);
    expect(bodyAs<{ items: Array<{ deployedVersion: number | null }> }>(await designer.get('/api/designer/dmn')).items[0].deployedVersion).to.equal(null);
    const [attempt] = (await store.audit.forTarget('decision', 'designer-fees')).filter((e) => e.action === 'decision.deploy-rejected');
    expect(attempt.detail).to.deep.include({ version: 1, elements: ['designer-fee'] });
    expect((await store.audit.forTarget('decision', 'designer-fees')).map((e) => e.action)).to.deep.equal(['decision.save', 'decision.deploy-rejected']);
  });

  // the engine deploys DMN 1.1 to 1.5 as Camunda 8.8 does (ADR 0019); an older Camunda Modeler writes DMN 1.2
  it('should save, lint and deploy a DMN 1.2 file from an older Camunda Modeler, as the engine accepts it', async () => {
    const dmn12 = fees.replace('https://www.omg.org/spec/DMN/20191111/MODEL/', 'http://www.omg.org/spec/DMN/20180521/MODEL/').replace('https://www.omg.org/spec/DMN/20191111/DMNDI/', 'http://www.omg.org/spec/DMN/20180521/DMNDI/');

    const saved = await save('designer-fees', dmn12, 0);
    expect(saved.status, JSON.stringify(saved.body)).to.equal(201);
    const lint = bodyAs<{ errors: number; issues: unknown[] }>(await designer.post('/api/designer/dmn/designer-fees/lint', {}));
    expect(lint.issues).to.deep.equal([]);
    const deployed = await designer.post('/api/designer/dmn/designer-fees/deploy', {});
    expect(deployed.status, JSON.stringify(deployed.body)).to.equal(201);
    const evaluated = await engine.client.evaluateDecision({ decisionDefinitionId: 'designer-fee', variables: { applicantType: 'organisation' } });
    expect((evaluated as unknown as { output: string }).output).to.equal('20');
    // the file stays as the designer wrote it
    expect(bodyAs<{ content: string }>(await designer.get('/api/designer/dmn/designer-fees')).content).to.equal(dmn12);
    const list = bodyAs<{ items: Array<Record<string, unknown>> }>(await designer.get('/api/designer/dmn'));
    expect(list.items[0]).to.include({ id: 'designer-fees', name: '收费标准' });
  });

  it('should refuse to save what is not a DMN file of that id, keeping nothing', async () => {
    for (const content of ['<definitions', fees.replace('id="designer-fees"', 'id="other-fees"'), '<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="designer-fees" />']) {
      const res = await save('designer-fees', content);
      expect(res.status, content.slice(0, 40)).to.equal(400);
      expect(res.body).to.include({ code: 'validation', field: 'content' });
    }
    expect(await store.designs.list('dmn', 'designer-fees')).to.deep.equal([]);
  });

  it('should refuse to deploy a decision id that belongs to another decision file, naming that file, deploying nothing', async () => {
    await save('designer-fees', fees);
    expect((await designer.post('/api/designer/dmn/designer-fees/deploy', {})).status).to.equal(201);
    // another file that defines 工本费 (designer-fee) too
    const copy = fees.replace('id="designer-fees"', 'id="other-fees"').replace('name="收费标准"', 'name="另一收费标准"').replace('<text>0</text>', '<text>5</text>');
    await save('other-fees', copy);

    const res = await designer.post('/api/designer/dmn/other-fees/deploy', {});

    expect(res.status).to.equal(400);
    const refused = bodyAs<Problem>(res);
    expect(refused).to.deep.include({
      code: 'deployment-refused',
      detail: '第 1 版中的决策 designer-fee 已属于决策文件 designer-fees.dmn，未部署；请改用新的决策 id，或在它所属的文件中修改',
    });
    expect(refused.problems).to.deep.equal([{ elementId: 'designer-fee', elementType: 'dmn:Decision', message: '决策 designer-fee 属于决策文件 designer-fees.dmn，不能在 other-fees.dmn 中定义' }]);
    expect((await engineDecisions('designer-fee')).map((d) => [d.version, d.decisionRequirementsId])).to.deep.equal([[1, 'designer-fees']]);
    const audit = await store.audit.forTarget('decision', 'other-fees');
    expect(audit.map((e) => [e.action, e.detail])).to.deep.equal([
      ['decision.save', { version: 1, ip: '127.0.0.1' }],
      ['decision.deploy-refused', { version: 1, issues: [{ rule: 'foreign-decision', elementId: 'designer-fee' }], ip: '127.0.0.1' }],
    ]);
  });
  it('should refuse to deploy a decision id another file saved first defines in a draft not yet deployed, and deploy that file', async () => {
    await save('designer-fees', fees);
    const copy = fees.replace('id="designer-fees"', 'id="other-fees"').replace('name="收费标准"', 'name="另一收费标准"');
    await save('other-fees', copy);

    const res = await designer.post('/api/designer/dmn/other-fees/deploy', {});

    expect(res.status).to.equal(400);
    const refused = bodyAs<Problem>(res);
    expect(refused).to.deep.include({
      code: 'deployment-refused',
      detail: '第 1 版中的决策 designer-fee 已属于决策文件 designer-fees.dmn（尚未部署的草稿，先于本文件保存），未部署；请改用新的决策 id，或在它所属的文件中修改',
    });
    expect(refused.problems).to.deep.equal([
      { elementId: 'designer-fee', elementType: 'dmn:Decision', message: '决策 designer-fee 属于决策文件 designer-fees.dmn（尚未部署的草稿，先于本文件保存），不能在 other-fees.dmn 中定义' },
    ]);
    expect(await engineDecisions('designer-fee')).to.deep.equal([]);
    expect((await store.audit.forTarget('decision', 'other-fees')).map((e) => e.detail)).to.deep.include({
      version: 1,
      issues: [{ rule: 'foreign-draft-decision', elementId: 'designer-fee' }],
      ip: '127.0.0.1',
    });
    // the file saved first is not held back by the later copy
    expect((await designer.post('/api/designer/dmn/designer-fees/deploy', {})).status).to.equal(201);
    expect((await engineDecisions('designer-fee')).map((d) => d.decisionRequirementsId)).to.deep.equal(['designer-fees']);
  });

  it('should let a draft that no longer defines the decision id free it for another file', async () => {
    await save('designer-fees', fees);
    await save('other-fees', fees.replace('id="designer-fees"', 'id="other-fees"'));
    // the first file's next draft names its decision differently
    await save('designer-fees', fees.replaceAll('designer-fee"', 'designer-fee-2024"'), 1);

    expect((await designer.post('/api/designer/dmn/other-fees/deploy', {})).status).to.equal(201);
    expect((await engineDecisions('designer-fee')).map((d) => d.decisionRequirementsId)).to.deep.equal(['other-fees']);
  });
});
