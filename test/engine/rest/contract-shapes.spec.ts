import { expect } from 'chai';
import { startTestEngine, fixture, type TestEngine } from '../../support/engine.js';
import { activateOne, rawCall, waitForState } from './helpers.js';
import { NOW, strictClient } from './strict-client.js';

/**
 * Every response the engine gives, checked against the Camunda 8.8 Orchestration Cluster API
 * contract (rest-api.yaml of 8.8, https://docs.camunda.io/docs/8.8/apis-tools/orchestration-cluster-api-rest/specifications/).
 * The official client validates each answer with the schemas generated from that file
 * (`res:strict`): a missing required field, a wrong type or a null where the contract only
 * allows the field to be left out fails the call. The raw checks below name the contract's rules
 * the engine used to break (issue 13).
 */
describe('engine/rest response shapes of the 8.8 contract', () => {
  let t: TestEngine;
  let official: ReturnType<typeof strictClient>;
  before(async () => {
    t = await startTestEngine();
    official = strictClient(t);
    await official.createDeployment({
      resources: ['engine/rest/history-path.bpmn', 'engine/user-tasks/review.bpmn', 'engine/user-tasks/review.form', 'engine/flow/message-catch.bpmn'].map(
        (name) => new File([fixture(name)], name.split('/').pop()!),
      ),
    });
  });
  after(() => t.stop());

  /** A raw search answer's items; asserting on the wire, not on what a client made of it. */
  const rawItems = async (path: string, filter: Record<string, unknown>) => {
    const res = await rawCall(t, 'POST', path, { filter });
    expect(res.status, `${path}: ${JSON.stringify(res.body)}`).to.equal(200);
    return res.body.items as Array<Record<string, unknown>>;
  };

  it('should answer topology with lastCompletedChangeId and the license without a null expiry', async () => {
    const topology = await official.getTopology();
    expect(topology.lastCompletedChangeId).to.be.a('string');
    const license = await official.getLicense();
    expect(license).to.include({ validLicense: false, isCommercial: false });
  });

  it('should leave out the end date and parents of a running top-level process instance, and give the end date once it ended', async () => {
    const created = await official.createProcessInstance({ processDefinitionId: 'history-path' as never, variables: { decision: 'approve' } });
    const key = created.processInstanceKey;
    const live = await official.getProcessInstance({ processInstanceKey: key }, NOW);
    for (const field of ['endDate', 'parentProcessInstanceKey', 'parentElementInstanceKey']) expect(live).not.to.have.property(field);
    const [raw] = await rawItems('/process-instances/search', { processInstanceKey: key });
    expect(raw).not.to.have.any.keys('endDate', 'parentProcessInstanceKey', 'parentElementInstanceKey');

    const job = await activateOne(t.client, 'history-check');
    await official.completeJob({ jobKey: job.jobKey as never, variables: {} });
    await waitForState(t.client, key, 'COMPLETED');
    const ended = await official.searchProcessInstances({ filter: { processInstanceKey: key } }, NOW);
    expect(Date.parse(String(ended.items[0].endDate))).to.be.a('number').and.not.NaN;
  });

  it('should leave out a job’s end time and unset errors, and answer activation in the activated-job shape', async () => {
    const created = await official.createProcessInstance({ processDefinitionId: 'history-path' as never, variables: { decision: 'reject' } });
    const activated = await official.activateJobs({ type: 'history-check', timeout: 60_000, maxJobsToActivate: 1, worker: 'shapes' });
    expect(activated.jobs).to.have.length(1);
    const jobs = await official.searchJobs({ filter: { processInstanceKey: created.processInstanceKey } }, NOW);
    expect(jobs.items).to.have.length(1);
    const [raw] = await rawItems('/jobs/search', { processInstanceKey: created.processInstanceKey });
    expect(raw).not.to.have.property('endTime');
    expect(raw).to.include({ state: 'CREATED', worker: 'shapes', hasFailedWithRetriesLeft: false });

    await official.failJob({ jobKey: activated.jobs[0].jobKey, retries: 0, errorMessage: 'no archive' });
    const incidents = await official.searchIncidents({ filter: { processInstanceKey: created.processInstanceKey } }, NOW);
    expect(incidents.items).to.have.length(1);
    const incident = await official.getIncident({ incidentKey: incidents.items![0].incidentKey! }, NOW);
    expect(incident).to.include({ errorType: 'JOB_NO_RETRIES', errorMessage: 'no archive', state: 'ACTIVE' });
    const failed = await official.searchJobs({ filter: { processInstanceKey: created.processInstanceKey } }, NOW);
    expect(failed.items[0]).to.include({ state: 'FAILED', retries: 0 });
  });

  it('should leave out an unassigned user task’s assignee, dates and external form reference, and give them when set', async () => {
    const unassigned = await official.createProcessInstance({ processDefinitionId: 'ut-review' as never, variables: {} });
    const assigned = await official.createProcessInstance({ processDefinitionId: 'ut-review' as never, variables: { reviewer: 'demo' } });
    const search = async (processInstanceKey: string) => {
      const found = await official.searchUserTasks({ filter: { processInstanceKey: processInstanceKey as never } }, NOW);
      expect(found.items).to.have.length(1);
      return found.items[0];
    };
    const open = await search(unassigned.processInstanceKey);
    const [raw] = await rawItems('/user-tasks/search', { processInstanceKey: unassigned.processInstanceKey });
    expect(raw).not.to.have.any.keys('assignee', 'completionDate', 'followUpDate', 'externalFormReference');
    expect(raw).to.include({ dueDate: '2030-05-01T12:00:00.000Z', state: 'CREATED' });
    await official.getUserTask({ userTaskKey: open.userTaskKey }, NOW);
    // a cluster sends the form schema as JSON text; 8.8's rest-api.yaml said object until the
    // spec was corrected (camunda/camunda#47673, #47816), so the official 8.8.4 client refuses it
    const form = await rawCall(t, 'GET', `/user-tasks/${open.userTaskKey}/form`);
    expect(form.body).to.include({ formId: 'ut-review-form', tenantId: '<default>' });
    expect(JSON.parse(String(form.body.schema))).to.have.property('id', 'ut-review-form');
    const variables = await official.searchUserTaskVariables({ userTaskKey: open.userTaskKey }, NOW);
    expect(variables.page.totalItems).to.equal(0n);

    const mine = await search(assigned.processInstanceKey);
    expect(mine.assignee).to.equal('demo');
    await official.completeUserTask({ userTaskKey: mine.userTaskKey, variables: { approved: true } });
    const done = await official.getUserTask({ userTaskKey: mine.userTaskKey }, NOW);
    expect(done.state).to.equal('COMPLETED');
    expect(Date.parse(String(done.completionDate))).to.be.a('number').and.not.NaN;
  });

  it('should give every variable of a search its variableKey', async () => {
    const created = await official.createProcessInstance({ processDefinitionId: 'history-path' as never, variables: { decision: 'approve', note: '材料齐全' } });
    const found = await official.searchVariables({ filter: { processInstanceKey: created.processInstanceKey } }, NOW);
    expect(found.items.length).to.be.at.least(2);
    for (const v of found.items) expect(v.variableKey).to.match(/^\d+$/);
    const raw = await rawItems('/variables/search', { processInstanceKey: created.processInstanceKey });
    for (const v of raw) expect(v.variableKey).to.be.a('string');
  });

  it('should leave out the cursors of an empty page and give standard base64 cursors otherwise, in every search', async () => {
    const empty = { filter: { processDefinitionId: 'no-such-process' } };
    const searches = ['/process-instances', '/element-instances', '/jobs', '/user-tasks', '/incidents', '/process-definitions'];
    for (const path of searches) {
      const res = await rawCall(t, 'POST', `${path}/search`, empty);
      expect(res.status, path).to.equal(200);
      expect(res.body.page, path).to.deep.equal({ totalItems: 0 });
    }
    for (const path of searches) {
      const res = await rawCall(t, 'POST', `${path}/search`, { page: { limit: 1 } });
      const page = res.body.page as { startCursor?: string; endCursor?: string };
      expect(page.endCursor, path).to.match(/^[A-Za-z0-9+/]+=*$/);
      expect(page.startCursor, path).to.match(/^[A-Za-z0-9+/]+=*$/);
    }
    await official.searchProcessDefinitions({ filter: { processDefinitionId: 'no-such-process' as never } }, NOW);
    await official.searchJobs({ filter: { processDefinitionId: 'no-such-process' as never } }, NOW);
    await official.searchUserTasks({ filter: { processDefinitionId: 'no-such-process' as never } }, NOW);
    await official.searchIncidents({ filter: { processDefinitionId: 'no-such-process' as never } }, NOW);
  });

  it('should answer definitions, messages and signals in their 8.8 shapes', async () => {
    const definitions = await official.searchProcessDefinitions({ filter: { processDefinitionId: 'history-path' as never } }, NOW);
    expect(definitions.items).to.have.length(1);
    const xml = await official.getProcessDefinitionXml({ processDefinitionKey: definitions.items![0].processDefinitionKey! }, NOW);
    expect(String(xml)).to.include('history-path');

    await official.createProcessInstance({ processDefinitionId: 'flow-msg-catch' as never, variables: { orderId: 'SH-1' } });
    const published = await official.publishMessage({ name: 'msg-unheard', correlationKey: 'SH-0', timeToLive: 0 });
    expect(published.messageKey).to.match(/^\d+$/);
    const correlated = await official.correlateMessage({ name: 'msg-payment', correlationKey: 'SH-1' });
    expect(correlated.processInstanceKey).to.match(/^\d+$/);
    const signal = await official.broadcastSignal({ signalName: 'nobody-listens' });
    expect(signal.signalKey).to.match(/^\d+$/);
  });
});
