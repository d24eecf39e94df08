import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { deployProjectFiles, describeFileDeployments, sha256 } from '../../../scripts/lib/file-deployments.js';
import { liveDefinition } from '../../../scripts/lib/process-definitions.js';
import { fixture, startTestEngine, type TestEngine } from '../../support/engine.js';
import { openTestStore, type TestStore } from '../../support/test-store.js';
import { startWebOn, type WebOn } from '../../support/web-system.js';
import type { ApiClient } from '../../support/web.js';

const diagram = fixture('scripts/doctor/doctor-check.bpmn');
const form = fixture('web/designer-demo-form.form');
/** the same diagram with one task renamed: an edit in a text editor or the designer */
const renamed = (name: string) => diagram.replace('name="记录"', `name="${name}"`);

describe('scripts/lib/file-deployments (what npm start deploys)', function () {
  this.timeout(60_000);
  let engine: TestEngine;
  let testStore: TestStore;
  let web: WebOn;
  let designer: ApiClient;
  let root: string;

  beforeEach(async () => {
    engine = await startTestEngine();
    testStore = await openTestStore();
    web = await startWebOn({ store: testStore.store, camunda: engine.client, clock: () => new Date() });
    designer = await web.as('designer');
    root = mkdtempSync(join(tmpdir(), 'file-deployments-'));
    mkdirSync(join(root, 'processes'));
    mkdirSync(join(root, 'forms'));
    writeFiles(diagram, form);
  });
  afterEach(async () => {
    try {
      await web.close();
    } finally {
      await testStore.close();
      await engine.stop();
      rmSync(root, { recursive: true, force: true });
    }
  });

  function writeFiles(bpmn: string, formJson: string): void {
    writeFileSync(join(root, 'processes', 'doctor-check.bpmn'), bpmn);
    writeFileSync(join(root, 'forms', 'designer-demo-form.form'), formJson);
  }
  const start = () => deployProjectFiles({ camunda: engine.client, store: testStore.store, root });
  const live = async () => (await liveDefinition(engine.client, 'doctor-check'))!;

  /** What the designer page does: save the content as the next version, then deploy that version. */
  async function designerDeploys(kind: 'bpmn' | 'form', id: string, content: string): Promise<{ version: number; deployedVersionKey: string; engineVersion: number }> {
    const saved = await designer.request('put', `/api/designer/${kind}/${id}`, { body: { content } });
    expect(saved.status, JSON.stringify(saved.body)).to.equal(201);
    const deployed = await designer.post(`/api/designer/${kind}/${id}/deploy`, { version: (saved.body as { version: number }).version });
    expect(deployed.status, JSON.stringify(deployed.body)).to.equal(201);
    return deployed.body as unknown as { version: number; deployedVersionKey: string; engineVersion: number };
  }

  it('should deploy every file into an empty engine and record each with its hash, key and version', async () => {
    const report = await start();

    expect(report).to.deep.equal({
      deployed: [
        { path: 'processes/doctor-check.bpmn', reason: 'not in the engine' },
        { path: 'forms/designer-demo-form.form', reason: 'first deployed by npm start' },
      ],
      unchanged: [],
      kept: [],
    });
    const recorded = await testStore.store.startDeployments.latest('bpmn', 'doctor-check');
    expect(recorded).to.include({ file: 'doctor-check.bpmn', fileSha256: sha256(diagram), engineKey: (await live()).processDefinitionKey, engineVersion: 1 });
    expect(await testStore.store.startDeployments.latest('form', 'designer-demo-form')).to.include({ file: 'designer-demo-form.form', fileSha256: sha256(form), engineVersion: 1 });
  });

  it('should deploy nothing again when no file changed', async () => {
    await start();

    const report = await start();

    expect(report).to.deep.equal({ deployed: [], unchanged: ['processes/doctor-check.bpmn', 'forms/designer-demo-form.form'], kept: [] });
    expect((await live()).version).to.equal(1);
    expect(describeFileDeployments(report)).to.deep.equal({ line: 'deployed no resources; 2 unchanged since the last start', warnings: [] });
  });

  it('should deploy a file that changed since the last start when the designer deployed nothing since', async () => {
    await start();
    writeFiles(renamed('登记'), form);

    const report = await start();

    expect(report.deployed).to.deep.equal([
      { path: 'processes/doctor-check.bpmn', reason: 'changed since the last start' },
      // Zeebe versions every resource of a deployment when one of them changed
      { path: 'forms/designer-demo-form.form', reason: 'unchanged, versioned again with the changed files' },
    ]);
    expect(await testStore.store.startDeployments.latest('form', 'designer-demo-form')).to.include({ engineVersion: 2, fileSha256: sha256(form) });
    expect(report.kept).to.deep.equal([]);
    const now = await live();
    expect(now.version).to.equal(2);
    expect(await engine.client.getProcessDefinitionXML(now.processDefinitionKey)).to.equal(renamed('登记'));
    expect(await testStore.store.startDeployments.latest('bpmn', 'doctor-check')).to.include({ engineKey: now.processDefinitionKey, engineVersion: 2, fileSha256: sha256(renamed('登记')) });
  });

  it('should leave a designer deployment live across starts while the file is unchanged, without a warning', async () => {
    await start();
    const mine = await designerDeploys('bpmn', 'doctor-check', renamed('设计器改过'));

    const first = await start();
    const second = await start();

    for (const report of [first, second]) expect(report).to.deep.equal({ deployed: [], unchanged: ['processes/doctor-check.bpmn', 'forms/designer-demo-form.form'], kept: [] });
    expect(await live()).to.deep.equal({ processDefinitionKey: mine.deployedVersionKey, version: 2 });
  });

  it('should keep a newer designer deployment live and warn, naming the process, the file and the designer version, when the file changed too', async () => {
    // given start deployed the file, then the designer deployed its version 1 (engine version 2)
    await start();
    const mine = await designerDeploys('bpmn', 'doctor-check', renamed('设计器改过'));
    // and someone edited the file since
    writeFiles(renamed('文件改过'), form);

    const report = await start();

    expect(report.deployed).to.deep.equal([]);
    expect(report.kept).to.have.length(1);
    expect(report.kept[0]).to.deep.include({ kind: 'bpmn', id: 'doctor-check', path: 'processes/doctor-check.bpmn', designerVersion: 1, engineVersion: 2 });
    const { warnings } = describeFileDeployments(report);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.match(
      /^warning: processes\/doctor-check\.bpmn changed, but the designer's version 1 of process doctor-check \(deployed \S+, engine version 2\) is newer than what npm start deployed, so the designer's version stays live/,
    );
    expect(await live()).to.deep.equal({ processDefinitionKey: mine.deployedVersionKey, version: 2 });
  });

  it('should deploy a file edited after it was brought up to the designer version', async () => {
    // given the designer's version copied into the file, which start then takes as its own
    await start();
    await designerDeploys('bpmn', 'doctor-check', renamed('设计器改过'));
    writeFiles(renamed('设计器改过'), form);
    expect(await start()).to.deep.include({ deployed: [], kept: [] });
    // when the file is edited further
    writeFiles(renamed('文件又改过'), form);

    const report = await start();

    expect(report.deployed.map((d) => d.path)).to.deep.equal(['processes/doctor-check.bpmn', 'forms/designer-demo-form.form']);
    expect(report.deployed[0].reason).to.equal('changed since the last start');
    expect(report.kept).to.deep.equal([]);
    expect((await live()).version).to.equal(3);
  });

  it('should take over a version the engine runs unchanged from the file, without deploying it again', async () => {
    // given an engine that got the file before start kept records
    await engine.client.deployResources([{ name: 'doctor-check.bpmn', content: diagram }]);

    const report = await start();

    expect(report.deployed.map((d) => d.path)).to.deep.equal(['forms/designer-demo-form.form']);
    expect(report.unchanged).to.deep.equal(['processes/doctor-check.bpmn']);
    expect(await testStore.store.startDeployments.latest('bpmn', 'doctor-check')).to.include({ engineVersion: 1, fileSha256: sha256(diagram) });
  });

  it('should keep a newer designer deployment of a form and warn when the form file changed', async () => {
    await start();
    const edited = form.replace('"姓名"', '"申请人姓名"');
    await designerDeploys('form', 'designer-demo-form', edited);
    writeFiles(diagram, form.replace('"姓名"', '"名字"'));

    const report = await start();

    expect(report.kept.map((k) => [k.kind, k.id, k.path, k.designerVersion])).to.deep.equal([['form', 'designer-demo-form', 'forms/designer-demo-form.form', 1]]);
    expect(describeFileDeployments(report).warnings[0]).to.match(/^warning: forms\/designer-demo-form\.form changed, but the designer's version 1 of form designer-demo-form \(deployed \S+\) is newer/);
    expect(report.deployed).to.deep.equal([]);
  });
});
