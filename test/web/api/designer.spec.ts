import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Store } from '../../../domain/store/index.js';
import { fixture, startTestEngine, type TestEngine } from '../../support/engine.js';
import { withComplaintProcess } from '../../support/designer-fixtures.js';
import { openTestStore, type TestStore } from '../../support/test-store.js';
import { bodyAs, startWebOn, type WebOn } from '../../support/web-system.js';
import type { ApiClient } from '../../support/web.js';

interface Version {
  kind: string;
  id: string;
  version: number;
  author: string | null;
  deployedVersionKey: string | null;
  content?: string;
}

interface Issue {
  rule: string;
  category: string;
  elementId: string | null;
  message: string;
}

const root = join(import.meta.dirname, '..', '..', '..');
const valid = fixture('web/designer-valid.bpmn');
const lintError = fixture('web/designer-lint.bpmn');
/** passes bpmnlint; the engine refuses its 1 ms timer cycle */
const engineRefused = fixture('web/designer-engine-refused.bpmn');
const form = fixture('web/designer-demo-form.form');

describe('web/api designer', function () {
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
    // a failed beforeEach leaves web unset: the schema and the engine must go regardless
    try {
      await web.close();
    } finally {
      await testStore.close();
      await engine.stop();
    }
  });

  const save = (kind: string, id: string, content: string, baseVersion?: number) =>
    designer.request('put', `/api/designer/${kind}/${id}`, { body: { content, ...(baseVersion === undefined ? {} : { baseVersion }) } });

  it('should open a diagram the project ships as version 0, save numbered versions with their author, and refuse a save over a newer one', async () => {
    const shipped = await designer.get('/api/designer/bpmn/refusal');
    expect(shipped.status).to.equal(200);
    expect(bodyAs<Version>(shipped)).to.deep.include({ kind: 'bpmn', id: 'refusal', version: 0, author: null, content: readFileSync(join(root, 'processes', 'refusal.bpmn'), 'utf8') });

    const first = await save('bpmn', 'refusal', bodyAs<Version>(shipped).content!, 0);
    expect(first.status).to.equal(201);
    expect(first.body).to.include({ kind: 'bpmn', id: 'refusal', version: 1, author: 'designer', deployedVersionKey: null });

    // a colleague still editing version 0 cannot overwrite version 1
    const stale = await save('bpmn', 'refusal', bodyAs<Version>(shipped).content!.replace('不予受理', '不予受理（草稿）'), 0);
    expect(stale.status).to.equal(409);
    expect(stale.body).to.include({ code: 'conflict' });

    const second = await save('bpmn', 'refusal', bodyAs<Version>(shipped).content!.replace('不予受理', '不予受理（修订）'), 1);
    expect(second.body).to.include({ version: 2 });
    const latest = bodyAs<Version>(await designer.get('/api/designer/bpmn/refusal'));
    expect(latest.version).to.equal(2);
    expect(latest.content).to.contain('不予受理（修订）');

    const versions = bodyAs<{ versions: Version[] }>(await designer.get('/api/designer/bpmn/refusal/versions'));
    expect(versions.versions.map((v) => [v.version, v.author])).to.deep.equal([
      [2, 'designer'],
      [1, 'designer'],
    ]);
    expect((await store.audit.forTarget('diagram', 'refusal')).map((e) => [e.actor, e.action, e.detail])).to.deep.equal([
      ['designer', 'diagram.save', { version: 1, ip: '127.0.0.1' }],
      ['designer', 'diagram.save', { version: 2, ip: '127.0.0.1' }],
    ]);
  });

  it('should refuse to save what is not a diagram of that id, naming the content', async () => {
    for (const content of ['not xml at all <', valid]) {
      const res = await save('bpmn', 'refusal', content);
      expect(res.status).to.equal(400);
      expect(res.body).to.include({ code: 'validation', field: 'content', in: 'body' });
    }
    expect((await designer.get('/api/designer/bpmn/unknown-process')).status).to.equal(404);
    expect((await store.designs.list('bpmn', 'refusal'))).to.deep.equal([]);
  });

  it('should lint a diagram with the project rules and name the element of each finding', async () => {
    // the editor's unsaved content
    const unsaved = await designer.post('/api/designer/bpmn/designer-demo/lint', { content: lintError });
    expect(unsaved.status).to.equal(200);
    const result = bodyAs<{ errors: number; version: number | null; issues: Issue[] }>(unsaved);
    expect(result.version).to.equal(null);
    expect(result.errors).to.equal(1);
    expect(result.issues).to.deep.equal([
      {
        rule: 'camunda-compat/implementation',
        category: 'error',
        elementId: 'untyped',
        message: 'Element of type <bpmn:ServiceTask> must have one extension element of type <zeebe:TaskDefinition>',
      },
    ]);

    // the latest saved version
    await save('bpmn', 'designer-demo', valid);
    const saved = await designer.post('/api/designer/bpmn/designer-demo/lint', {});
    expect(saved.body).to.deep.include({ version: 1, errors: 0, warnings: 0, issues: [] });

    // a diagram whose process is not the one its id names
    const misnamed = bodyAs<{ issues: Issue[] }>(await designer.post('/api/designer/bpmn/other-process/lint', { content: valid }));
    expect(misnamed.issues).to.deep.include({ rule: 'process-id', category: 'error', elementId: 'designer-demo', message: '流程 id 应为 other-process（与文件名一致）' });

    expect((await designer.post('/api/designer/bpmn/nothing-saved/lint', {})).status).to.equal(404);
  });

  it('should deploy a saved version and diff what is saved against what the engine runs', async () => {
    await save('bpmn', 'designer-demo', valid);
    const deployed = await designer.post('/api/designer/bpmn/designer-demo/deploy', {});
    expect(deployed.status).to.equal(201);
    const deployment = bodyAs<{ version: number; deployedVersionKey: string; engineVersion: number }>(deployed);
    expect(deployment).to.include({ version: 1, engineVersion: 1 });
    const definitions = await engine.client.searchProcessDefinitions({ filter: { processDefinitionId: 'designer-demo' } });
    expect(definitions.items.map((d) => String(d.processDefinitionKey))).to.deep.equal([deployment.deployedVersionKey]);

    const same = await designer.get('/api/designer/bpmn/designer-demo/diff');
    expect(same.status).to.equal(200);
    expect(same.body).to.deep.include({ version: 1, identical: true, added: 0, removed: 0, hunks: [], against: { kind: 'deployed', version: 1, key: deployment.deployedVersionKey } });

    // the designer renames the task and saves: the diff shows the one line
    await save('bpmn', 'designer-demo', valid.replace('name="登记"', 'name="收件登记"'), 1);
    const changed = bodyAs<{ version: number; identical: boolean; added: number; removed: number; hunks: Array<{ oldStart: number; lines: string[] }> }>(
      await designer.get('/api/designer/bpmn/designer-demo/diff?against=deployed'),
    );
    expect(changed).to.include({ version: 2, identical: false, added: 1, removed: 1 });
    expect(changed.hunks).to.have.length(1);
    expect(changed.hunks[0].lines.filter((l) => !l.startsWith(' '))).to.deep.equal(['-    <bpmn:serviceTask id="typed" name="登记">', '+    <bpmn:serviceTask id="typed" name="收件登记">']);
    expect(changed.hunks[0].lines.filter((l) => l.startsWith(' '))).to.have.length(6);
    const againstSaved = bodyAs<{ added: number; against: { kind: string; version: number } }>(await designer.get('/api/designer/bpmn/designer-demo/diff?against=1'));
    expect(againstSaved).to.deep.include({ added: 1, against: { kind: 'version', version: 1, key: deployment.deployedVersionKey } });

    const versions = bodyAs<{ versions: Version[] }>(await designer.get('/api/designer/bpmn/designer-demo/versions'));
    expect(versions.versions.map((v) => [v.version, v.deployedVersionKey])).to.deep.equal([
      [2, null],
      [1, deployment.deployedVersionKey],
    ]);
    const [audit] = (await store.audit.forTarget('diagram', 'designer-demo')).filter((e) => e.action === 'diagram.deploy');
    expect(audit).to.deep.include({
      actor: 'designer',
      detail: { version: 1, key: deployment.deployedVersionKey, engineVersion: 1, deployed: [{ id: 'designer-demo', key: deployment.deployedVersionKey, version: 1 }], ip: '127.0.0.1' },
    });
  });

  it("should answer a diagram the engine refuses with the engine's problems, naming the element, and record the attempt", async () => {
    await save('bpmn', 'designer-demo', engineRefused);
    expect(bodyAs<{ errors: number }>(await designer.post('/api/designer/bpmn/designer-demo/lint', {})).errors).to.equal(0);

    const res = await designer.post('/api/designer/bpmn/designer-demo/deploy', {});

    expect(res.status).to.equal(400);
    expect(res.body).to.include({ code: 'deployment-rejected', title: '流程引擎拒绝部署' });
    const problems = (res.body as unknown as { problems: Array<{ elementId: string | null; elementType: string | null; message: string }> }).problems;
    expect(problems.map((p) => p.elementId)).to.deep.equal(['start']);
    expect(problems[0].message).to.be.a('string').and.not.be.empty;
    expect((await store.designs.latest('bpmn', 'designer-demo'))!.deployedVersionKey).to.equal(null);
    const [attempt] = (await store.audit.forTarget('diagram', 'designer-demo')).filter((e) => e.action === 'diagram.deploy-rejected');
    expect(attempt.detail).to.deep.include({ version: 1, elements: ['start'] });
    expect((await designer.get('/api/designer/bpmn/designer-demo/diff')).status, 'nothing deployed to diff against').to.equal(404);
  });

  it('should refuse to deploy a diagram with lint errors, answering each element and message, deploying nothing', async () => {
    await save('bpmn', 'designer-demo', lintError);

    const res = await designer.post('/api/designer/bpmn/designer-demo/deploy', {});

    expect(res.status).to.equal(400);
    expect(res.body).to.include({ code: 'deployment-refused', title: '部署前检查未通过' });
    expect(res.body.detail).to.match(/^第 1 版有 \d+ 处规范检查错误，未部署/);
    const problems = (res.body as unknown as { problems: Array<{ elementId: string | null; message: string }> }).problems;
    const untyped = problems.find((p) => p.elementId === 'untyped');
    expect(untyped?.message).to.be.a('string').and.match(/zeebe:TaskDefinition/);
    expect((await engine.client.searchProcessDefinitions({ filter: { processDefinitionId: 'designer-demo' } })).items).to.deep.equal([]);
    expect((await store.designs.latest('bpmn', 'designer-demo'))!.deployedVersionKey).to.equal(null);
    const [attempt] = (await store.audit.forTarget('diagram', 'designer-demo')).filter((e) => e.action === 'diagram.deploy-refused');
    expect(attempt.detail).to.deep.include({ version: 1 });
    expect((attempt.detail as { issues: Array<{ elementId: string }> }).issues.map((i) => i.elementId)).to.include('untyped');
  });

  it('should let an administrator deploy past lint errors with a stated reason, auditing the reason and each error, and refuse a designer', async () => {
    // an unnamed task: bpmnlint's label-required is an error, the engine runs it
    await save('bpmn', 'designer-demo', valid.replace(' name="登记"', ''));
    const override = { lintOverride: { reason: '紧急上线，下周补齐名称' } };

    const byDesigner = await designer.post('/api/designer/bpmn/designer-demo/deploy', override);
    expect(byDesigner.status).to.equal(403);
    expect(byDesigner.body).to.include({ code: 'forbidden', detail: '只有管理员可以越过规范检查错误部署' });
    const admin = await web.as('admin');
    const noReason = await admin.post('/api/designer/bpmn/designer-demo/deploy', { lintOverride: { reason: '  ' } });
    expect(noReason.status).to.equal(400);
    expect(noReason.body).to.include({ code: 'validation' });
    expect((await engine.client.searchProcessDefinitions({ filter: { processDefinitionId: 'designer-demo' } })).items).to.deep.equal([]);

    const res = await admin.post('/api/designer/bpmn/designer-demo/deploy', override);

    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.include({ version: 1, engineVersion: 1 });
    const [audit] = (await store.audit.forTarget('diagram', 'designer-demo')).filter((e) => e.action === 'diagram.deploy');
    expect(audit.actor).to.equal('admin');
    const detail = audit.detail as { lintOverride: { reason: string; errors: Array<{ rule: string; elementId: string | null; message: string }> }; deployed: unknown[] };
    expect(detail.lintOverride.reason).to.equal('紧急上线，下周补齐名称');
    expect(detail.lintOverride.errors.map((e) => [e.rule, e.elementId])).to.deep.equal([['label-required', 'typed']]);
    expect(detail.deployed).to.have.length(1);
  });

  it('should not let an administrator override another process id or what the engine refuses', async () => {
    const admin = await web.as('admin');
    const override = { lintOverride: { reason: '试试' } };
    const smuggled = valid.replace('</bpmn:process>', '</bpmn:process>\n  <bpmn:process id="complaint" name="投诉办理" isExecutable="true">\n    <bpmn:startEvent id="complaintStart" name="收到投诉" />\n  </bpmn:process>');
    await save('bpmn', 'designer-demo', smuggled);
    const foreign = await admin.post('/api/designer/bpmn/designer-demo/deploy', override);
    expect(foreign.status).to.equal(400);
    expect(foreign.body).to.include({ code: 'deployment-refused' });

    await save('bpmn', 'designer-demo', engineRefused, 1);
    const refused = await admin.post('/api/designer/bpmn/designer-demo/deploy', override);
    expect(refused.status).to.equal(400);
    expect(refused.body).to.include({ code: 'deployment-rejected' });
    expect((await engine.client.searchProcessDefinitions({ filter: { processDefinitionId: 'designer-demo' } })).items).to.deep.equal([]);
  });

  it('should refuse to deploy a file that also defines another process (complaint), naming it, and replace nothing', async () => {
    // a file for designer-demo that carries a process `complaint` too: deployed, it would replace 投诉办理
    const smuggled = valid.replace(
      '</bpmn:process>',
      '</bpmn:process>\n  <bpmn:process id="complaint" name="投诉办理" isExecutable="true">\n    <bpmn:startEvent id="complaintStart" name="收到投诉" />\n  </bpmn:process>',
    );
    expect((await save('bpmn', 'designer-demo', smuggled)).status).to.equal(201);

    const res = await designer.post('/api/designer/bpmn/designer-demo/deploy', {});

    expect(res.status).to.equal(400);
    expect(res.body).to.include({ code: 'deployment-refused', detail: '第 1 版还定义了其他流程 complaint（属于流程图 complaint.bpmn），未部署；部署会把它移入流程图 designer-demo.bpmn，须确认移入' });
    expect((res.body as unknown as { moves: unknown[] }).moves).to.deep.equal([{ id: 'complaint', from: 'complaint.bpmn' }]);
    const problems = (res.body as unknown as { problems: Array<{ elementId: string | null; message: string }> }).problems;
    expect(problems.find((p) => p.elementId === 'complaint')?.message).to.contain('文件还定义了流程 complaint');
    for (const id of ['complaint', 'designer-demo']) expect((await engine.client.searchProcessDefinitions({ filter: { processDefinitionId: id } })).items, id).to.deep.equal([]);
    const lint = bodyAs<{ issues: Issue[] }>(await designer.post('/api/designer/bpmn/designer-demo/lint', {}));
    expect(lint.issues.map((i) => [i.rule, i.elementId])).to.deep.include(['foreign-process', 'complaint']);
  });

  it('should move a process id of another diagram only when the request names it, auditing its old and new diagram', async () => {
    const smuggled = withComplaintProcess(valid);
    await save('bpmn', 'designer-demo', smuggled);
    const unconfirmed = await designer.post('/api/designer/bpmn/designer-demo/deploy', {});
    expect(unconfirmed.status).to.equal(400);
    expect((unconfirmed.body as unknown as { moves: unknown[] }).moves).to.deep.equal([{ id: 'complaint', from: 'complaint.bpmn' }]);

    const stray = await designer.post('/api/designer/bpmn/designer-demo/deploy', { moveProcessIds: ['complaint', 'refusal'] });
    expect(stray.status).to.equal(400);
    expect(stray.body).to.include({ code: 'validation', detail: '第 1 版没有要移入的流程 refusal' });
    expect((await engine.client.searchProcessDefinitions({ filter: { processDefinitionId: 'complaint' } })).items).to.deep.equal([]);

    const res = await designer.post('/api/designer/bpmn/designer-demo/deploy', { moveProcessIds: ['complaint'] });

    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const moved = (await engine.client.searchProcessDefinitions({ filter: { processDefinitionId: 'complaint' } })).items as unknown as Array<{ resourceName: string }>;
    expect(moved.map((d) => d.resourceName)).to.deep.equal(['designer-demo.bpmn']);
    const [audit] = (await store.audit.forTarget('diagram', 'designer-demo')).filter((e) => e.action === 'diagram.deploy');
    const detail = audit.detail as { moved: unknown[]; deployed: Array<{ id: string; version: number }> };
    expect(detail.moved).to.deep.equal([{ id: 'complaint', from: 'complaint.bpmn', to: 'designer-demo.bpmn' }]);
    expect(detail.deployed.map((d) => [d.id, d.version]).sort()).to.deep.equal([['complaint', 1], ['designer-demo', 1]]);

    // complaint now belongs here: the next deploy of this diagram needs no confirmation
    await save('bpmn', 'designer-demo', smuggled.replace('收到投诉', '收到投诉（修订）'), 1);
    expect((await designer.post('/api/designer/bpmn/designer-demo/deploy', {})).status).to.equal(201);
  });

  it('should save, lint, deploy and diff a form', async () => {
    const broken = JSON.parse(form) as { components: Array<Record<string, unknown>> };
    broken.components[1].id = 'Field_name';
    const lint = bodyAs<{ errors: number; issues: Issue[] }>(await designer.post('/api/designer/form/designer-demo-form/lint', { content: JSON.stringify(broken) }));
    expect(lint.issues).to.deep.include({ rule: 'form-definition', category: 'error', elementId: 'Field_name', message: 'component id used twice' });

    expect((await save('form', 'designer-demo-form', form)).status).to.equal(201);
    expect((await save('form', 'another-form', form)).body).to.include({ code: 'validation', field: 'content' });
    expect(bodyAs<{ errors: number }>(await designer.post('/api/designer/form/designer-demo-form/lint', {})).errors).to.equal(0);

    const deployed = await designer.post('/api/designer/form/designer-demo-form/deploy', {});
    expect(deployed.status).to.equal(201);
    expect(deployed.body).to.include({ kind: 'form', id: 'designer-demo-form', version: 1, engineVersion: 1 });
    expect(bodyAs<{ identical: boolean }>(await designer.get('/api/designer/form/designer-demo-form/diff')).identical).to.equal(true);
    const formAudit = await store.audit.forTarget('form', 'designer-demo-form');
    expect(formAudit.map((e) => e.action)).to.deep.equal(['form.save', 'form.deploy']);
    expect((formAudit[1].detail as { deployed: Array<{ id: string; version: number }> }).deployed.map((d) => [d.id, d.version])).to.deep.equal([['designer-demo-form', 1]]);
  });

  it('should take a diagram larger than the API’s usual body limit', async () => {
    // a long documentation makes the body about 360 kB of UTF-8
    const content = valid.replace('<bpmn:startEvent', `<bpmn:documentation>${'说明'.repeat(60_000)}</bpmn:documentation>\n    <bpmn:startEvent`);
    const res = await save('bpmn', 'designer-demo', content);
    expect(res.status).to.equal(201);
    expect((await store.designs.latest('bpmn', 'designer-demo'))!.content).to.equal(content);
  });

  // issue 11: form text components put designer-written HTML into clerks' pages
  describe('markup in form text components', () => {
    const withText = (text: string) => {
      const form = JSON.parse(fixture('web/designer-demo-form.form')) as { components: unknown[] };
      form.components.unshift({ type: 'text', id: 'Text_intro', text });
      return JSON.stringify(form);
    };

    it('should refuse to save a form whose text component holds a script or a javascript: link, naming the component, and keep nothing', async () => {
      for (const text of ['## 说明\n\n<img src=x onerror="fetch(\'/api/session\')">', '[打开](javascript:alert(document.cookie))']) {
        const res = await designer.request('put', '/api/designer/form/designer-demo-form', { body: { content: withText(text) } });
        expect(res.status, text).to.equal(400);
        expect(res.body).to.include({ code: 'validation', field: 'content' });
        expect(res.body.detail).to.match(/^文本组件 Text_intro 含有不安全的内容：/);
      }
      expect(await store.designs.latest('form', 'designer-demo-form')).to.equal(undefined);

      // plain markdown is kept
      expect((await designer.request('put', '/api/designer/form/designer-demo-form', { body: { content: withText('## 说明\n\n**请核对**[办事指南](/guide)') } })).status).to.equal(201);
    });

    it('should refuse to deploy a version saved with unsafe markup before the check, naming the component, deploying nothing', async () => {
      // a version stored before saves were checked
      await store.designs.save({ kind: 'form', resourceId: 'designer-demo-form', content: withText('<iframe src="https://evil.example"></iframe>'), author: 'designer', at: new Date() });

      const lint = await designer.post('/api/designer/form/designer-demo-form/lint', {});
      expect((lint.body as unknown as { issues: Array<{ elementId: string | null; category: string }> }).issues).to.deep.include.members([
        { rule: 'form-definition', category: 'error', elementId: 'Text_intro', message: '文本组件 Text_intro 含有不安全的内容：不允许 <iframe> 标签。只能使用 Markdown 和不带脚本、事件属性的排版标签' },
      ]);
      const res = await designer.post('/api/designer/form/designer-demo-form/deploy', {});
      expect(res.status).to.equal(400);
      expect(res.body.code).to.equal('deployment-refused');
      expect((res.body as unknown as { problems: Array<{ elementId: string | null }> }).problems.map((p) => p.elementId)).to.deep.equal(['Text_intro']);
      expect((await store.designs.latest('form', 'designer-demo-form'))!.deployedVersionKey).to.equal(null);
    });
  });
});
