import { expect } from 'chai';
import type { Store } from '../../../domain/store/index.js';
import { activateNow, activateOne, waitFor } from '../../engine/rest/helpers.js';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { openTestStore, type TestStore } from '../../support/test-store.js';
import { bodyAs, startWebOn, type WebOn } from '../../support/web-system.js';

interface Incident {
  incidentKey: string;
  processInstanceKey: string;
  processName: string | null;
  elementId: string;
  elementName: string | null;
  errorType: string;
  errorMessage: string;
  jobKey: string | null;
  state: string;
  caseNumber: string | null;
}
interface InstanceView {
  processName: string | null;
  state: string;
  caseNumber: string | null;
  incidents: Incident[];
  elements: Array<{ elementId: string; elementName: string | null; state: string; hasIncident: boolean }>;
  variables: Array<{ name: string; value: string | null; local: boolean }>;
  diagramXml: string;
}

const JOB = 'ops-variables-notify';
const APPLICANT = { kind: 'person', name: '张明', idNumber: '110101199003071234', phone: '13812345678' };

describe('web/api ops: incidents, instances, variables and retries', function () {
  this.timeout(30_000);
  let engine: TestEngine;
  let testStore: TestStore;
  let store: Store;
  let web: WebOn;

  beforeEach(async () => {
    engine = await startTestEngine();
    testStore = await openTestStore();
    store = testStore.store;
    web = await startWebOn({ store, camunda: engine.client, clock: () => new Date() });
    await engine.deployFixtures('web/ops-incident.bpmn', 'web/ops-variables.bpmn');
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

  /** A job that failed its last retry: the instance stops at an incident. */
  async function stuckInstance(): Promise<string> {
    const started = await engine.client.createProcessInstance({ processDefinitionId: 'ops-incident', variables: {} });
    const job = await activateOne(engine.client, 'ops-incident-flaky');
    await engine.client.failJob({ jobKey: job.jobKey, retries: 0, errorMessage: '短信网关连接超时', retryBackOff: 0 });
    return String(started.processInstanceKey);
  }

  it('should list the incidents and retry one: the job gets a retry, the incident is resolved, and the retry is recorded', async () => {
    const instance = await stuckInstance();
    const admin = await web.as('admin');

    const listed = await waitFor(
      async () => bodyAs<{ items: Incident[]; total: number }>(await admin.get('/api/ops/incidents')),
      (page) => page.total === 1,
      'the incident',
    );
    const [incident] = listed.items;
    expect(incident).to.include({ processInstanceKey: instance, elementId: 'flaky', errorType: 'JOB_NO_RETRIES', errorMessage: '短信网关连接超时', state: 'ACTIVE' });
    // the names the deployed diagram gives the process and the step, for the operator to read
    expect(incident).to.include({ processName: '运维演练', elementName: '发送短信' });
    expect(incident.jobKey).to.match(/^\d+$/);

    const retried = await admin.post(`/api/ops/incidents/${incident.incidentKey}/retry`, undefined);
    expect(retried.status).to.equal(200);
    expect(retried.body).to.deep.equal({ incidentKey: incident.incidentKey, jobKey: incident.jobKey, retries: 1, resolved: true });

    // the job is handed out again and the instance can finish
    const again = await activateOne(engine.client, 'ops-incident-flaky');
    expect(again.jobKey).to.equal(incident.jobKey);
    await engine.client.completeJob({ jobKey: again.jobKey, variables: {} });
    expect(bodyAs<{ total: number }>(await admin.get('/api/ops/incidents')).total).to.equal(0);
    expect(bodyAs<{ items: Incident[] }>(await admin.get(`/api/ops/incidents?state=RESOLVED&processInstanceKey=${instance}`)).items.map((i) => i.incidentKey)).to.deep.equal([incident.incidentKey]);

    const [entry] = await store.audit.forTarget('incident', incident.incidentKey);
    expect(entry).to.deep.include({ actor: 'admin', action: 'incident.retry' });
    expect(entry.detail).to.deep.include({ processInstanceKey: instance, elementId: 'flaky', errorType: 'JOB_NO_RETRIES', jobKey: incident.jobKey });

    // a resolved incident is not retried twice; an unknown one is not found
    expect((await admin.post(`/api/ops/incidents/${incident.incidentKey}/retry`, undefined)).status).to.equal(409);
    expect((await admin.post('/api/ops/incidents/2251799813999999/retry', undefined)).status).to.equal(404);
  });

  it('should let supervision retry, and nobody else, and never without the CSRF token', async () => {
    await stuckInstance();
    const supervisor = await web.as('supervisor');
    const [incident] = await waitFor(
      async () => bodyAs<{ items: Incident[] }>(await supervisor.get('/api/ops/incidents')).items,
      (items) => items.length === 1,
      'the incident',
    );

    for (const username of ['mz-clerk-a', 'designer', 'committee', 'complaints']) {
      const other = await web.as(username);
      expect((await other.get('/api/ops/incidents')).status, username).to.equal(403);
      expect((await other.post(`/api/ops/incidents/${incident.incidentKey}/retry`, undefined)).status, username).to.equal(403);
    }
    expect((await supervisor.post(`/api/ops/incidents/${incident.incidentKey}/retry`, undefined, { csrf: null })).status).to.equal(403);
    expect(await activateNow(engine.client, 'ops-incident-flaky'), 'not retried by any of these').to.have.length(0);

    expect((await supervisor.post(`/api/ops/incidents/${incident.incidentKey}/retry`, undefined)).status).to.equal(200);
  });

  /** An instance of a case whose worker refused its input, as workers/errors.ts InvalidJobInput words it. */
  async function badInput(caseNumber: string): Promise<string> {
    const started = await engine.client.createProcessInstance({ processDefinitionId: 'ops-variables', variables: { caseNumber, applicant: APPLICANT, redirectTo: '' } });
    const job = await activateOne(engine.client, JOB);
    await engine.client.failJob({ jobKey: job.jobKey, retries: 0, errorMessage: `variable 'redirectTo': expected a non-empty string on element 'notify', got "" (applicant ${APPLICANT.phone})`, retryBackOff: 0 });
    return String(started.processInstanceKey);
  }

  async function openIncidents(who: Awaited<ReturnType<WebOn['as']>>, count: number): Promise<Incident[]> {
    return waitFor(async () => bodyAs<{ items: Incident[] }>(await who.get('/api/ops/incidents')).items, (items) => items.length === count, `${count} incidents`);
  }

  it('should show an incident with its case number and the personal numbers in its message masked', async () => {
    const instance = await badInput('SH20261205-0001');
    const [incident] = await openIncidents(await web.as('supervisor'), 1);
    expect(incident).to.include({ processInstanceKey: instance, elementId: 'notify', caseNumber: 'SH20261205-0001' });
    expect(incident.errorMessage).to.contain('138****5678').and.not.contain(APPLICANT.phone);
  });

  it('should show an instance: its diagram, the element stopped at the incident and the variables with ID and phone masked', async () => {
    const instance = await badInput('SH20261205-0002');
    const supervisor = await web.as('supervisor');
    await openIncidents(supervisor, 1);

    const res = await supervisor.get(`/api/ops/instances/${instance}`);
    expect(res.status).to.equal(200);
    const view = bodyAs<InstanceView>(res);
    expect(view).to.include({ processName: '运维变量演练', state: 'ACTIVE', caseNumber: 'SH20261205-0002' });
    expect(view.diagramXml).to.contain('id="ops-variables"');
    expect(view.elements.map(({ elementId, elementName, state, hasIncident }) => ({ elementId, elementName, state, hasIncident }))).to.deep.equal([
      { elementId: 'start', elementName: null, state: 'COMPLETED', hasIncident: false },
      { elementId: 'notify', elementName: '告知去处', state: 'ACTIVE', hasIncident: true },
    ]);
    const applicant = JSON.parse(view.variables.find((v) => v.name === 'applicant')!.value!) as typeof APPLICANT;
    expect(applicant).to.deep.equal({ ...APPLICANT, idNumber: '110101********1234', phone: '138****5678' });
    expect(JSON.stringify(res.body)).not.to.contain(APPLICANT.idNumber).and.not.to.contain(APPLICANT.phone);

    expect((await supervisor.get('/api/ops/instances/2251799813999999')).status).to.equal(404);
  });

  it('should show the path an ended instance took, every element completed', async () => {
    const started = await engine.client.createProcessInstance({
      processDefinitionId: 'ops-variables',
      variables: { caseNumber: 'SH20261205-0009', applicant: APPLICANT, redirectTo: '县住建局窗口' },
    });
    const instance = String(started.processInstanceKey);
    const job = await activateOne(engine.client, JOB);
    await engine.client.completeJob({ jobKey: job.jobKey, variables: {} });
    const [check] = await waitFor(
      async () => (await engine.client.searchUserTasks({ filter: { processInstanceKey: instance } })).items,
      (items) => items.length === 1,
      'the check task',
    );
    await engine.client.completeUserTask({ userTaskKey: check.userTaskKey, variables: {} });
    const supervisor = await web.as('supervisor');

    const view = await waitFor(async () => bodyAs<InstanceView>(await supervisor.get(`/api/ops/instances/${instance}`)), (v) => v.state === 'COMPLETED', 'the ended instance');
    expect(view.elements.map((e) => `${e.elementId}:${e.state}`)).to.deep.equal(['start:COMPLETED', 'notify:COMPLETED', 'check:COMPLETED', 'end:COMPLETED']);
    expect(view.elements.find((e) => e.elementId === 'check')).to.include({ elementName: '核对', hasIncident: false });
  });

  it('should change a variable and retry in one step: the job comes again with the new value, and the audit log has it before and after', async () => {
    const instance = await badInput('SH20261205-0003');
    const supervisor = await web.as('supervisor');
    const [incident] = await openIncidents(supervisor, 1);
    const view = bodyAs<InstanceView>(await supervisor.get(`/api/ops/instances/${instance}`));
    const shownApplicant = view.variables.find((v) => v.name === 'applicant')!.value!;

    const res = await supervisor.post(`/api/ops/incidents/${incident.incidentKey}/variables`, {
      variables: [
        { name: 'redirectTo', kind: 'text', value: '县住建局窗口' },
        // sent back as shown: the real numbers stay
        { name: 'applicant', kind: 'json', value: shownApplicant },
      ],
    });
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ incidentKey: incident.incidentKey, changed: ['redirectTo'], retried: true });

    const again = await activateOne(engine.client, JOB);
    expect(again.variables).to.deep.include({ redirectTo: '县住建局窗口', applicant: APPLICANT });
    await engine.client.completeJob({ jobKey: again.jobKey, variables: {} });
    expect(await openIncidents(supervisor, 0)).to.deep.equal([]);

    const entries = await store.audit.forTarget('incident', incident.incidentKey);
    const change = entries.find((e) => e.action === 'incident.variables')!;
    expect(change).to.deep.include({ actor: 'supervisor' });
    expect(change.detail).to.deep.include({ processInstanceKey: instance, elementId: 'notify', changes: [{ name: 'redirectTo', before: '', after: '县住建局窗口' }] });
    expect(entries.map((e) => e.action)).to.include('incident.retry');
  });

  it('should refuse a change that is not valid with 400 naming the field, and change nothing', async () => {
    await badInput('SH20261205-0004');
    const supervisor = await web.as('supervisor');
    const [incident] = await openIncidents(supervisor, 1);
    const fix = (variables: unknown) => supervisor.post(`/api/ops/incidents/${incident.incidentKey}/variables`, { variables });

    const cases: Array<[unknown, string]> = [
      [[{ name: 'redirectTo', kind: 'json', value: '县住建局' }], 'variables.0.value'],
      [[{ name: 'caseNumber', kind: 'text', value: 'SH20261205-0099' }], 'variables.0.name'],
      [[{ name: '1st', kind: 'text', value: 'x' }], 'variables.0.name'],
      [[{ name: 'redirectTo', kind: 'text', value: 'a' }, { name: 'redirectTo', kind: 'text', value: 'b' }], 'variables.1.name'],
      [[{ name: 'redirectTo', kind: 'text', value: '' }], 'variables'],
    ];
    for (const [variables, field] of cases) {
      const res = await fix(variables);
      expect(res.status, JSON.stringify(variables)).to.equal(400);
      expect(res.body.field, JSON.stringify(variables)).to.equal(field);
    }
    expect((await fix([{ name: 'redirectTo', kind: 'xml', value: 'x' }])).status, 'unknown kind').to.equal(400);
    expect((await fix([])).status, 'nothing').to.equal(400);

    expect(await activateNow(engine.client, JOB), 'not retried').to.have.length(0);
    expect((await store.audit.forTarget('incident', incident.incidentKey)).length).to.equal(0);
    const [still] = await openIncidents(supervisor, 1);
    expect(still.incidentKey).to.equal(incident.incidentKey);
  });

  it('should retry several incidents at once, reporting the one already resolved', async () => {
    await badInput('SH20261205-0005');
    await badInput('SH20261205-0006');
    const admin = await web.as('admin');
    const incidents = await openIncidents(admin, 2);
    expect((await admin.post(`/api/ops/incidents/${incidents[0].incidentKey}/retry`, undefined)).status).to.equal(200);

    const res = await admin.post('/api/ops/incidents/retry', { incidentKeys: incidents.map((i) => i.incidentKey) });
    expect(res.status).to.equal(200);
    const outcome = bodyAs<{ retried: number; results: unknown[] }>(res);
    expect(outcome.retried).to.equal(1);
    expect(outcome.results).to.deep.equal([
      { incidentKey: incidents[0].incidentKey, retried: false, detail: `事故 ${incidents[0].incidentKey} 已解决，无需重试` },
      { incidentKey: incidents[1].incidentKey, retried: true, detail: null },
    ]);
    expect(await activateNow(engine.client, JOB)).to.have.length(2);
    expect((await admin.post('/api/ops/incidents/retry', { incidentKeys: [] })).status).to.equal(400);
  });

  it('should keep instances, variables and changes to supervision and administrators', async () => {
    const instance = await badInput('SH20261205-0007');
    const [incident] = await openIncidents(await web.as('supervisor'), 1);
    for (const username of ['mz-clerk-a', 'mz-head', 'committee', 'designer', 'complaints']) {
      const other = await web.as(username);
      expect((await other.get(`/api/ops/instances/${instance}`)).status, username).to.equal(403);
      expect((await other.post(`/api/ops/incidents/${incident.incidentKey}/variables`, { variables: [{ name: 'redirectTo', kind: 'text', value: 'x' }] })).status, username).to.equal(403);
      expect((await other.post('/api/ops/incidents/retry', { incidentKeys: [incident.incidentKey] })).status, username).to.equal(403);
    }
    expect(await activateNow(engine.client, JOB), 'nobody retried').to.have.length(0);
  });
});
