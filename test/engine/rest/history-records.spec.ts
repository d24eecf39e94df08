import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { rawCall, waitFor, waitForState } from './helpers.js';
import { runRecordedCase } from './history-case.js';
import { NOW, strictClient } from './strict-client.js';

/**
 * Jobs, user tasks, incidents and message subscriptions stay searchable after they end, as in a
 * cluster's secondary store (8.8 search-jobs, search-user-tasks, search-incidents and
 * search-message-subscriptions), and leave the engine's memory.
 */
describe('engine/rest history of jobs, user tasks, incidents and message subscriptions', () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
    await t.deployFixtures('engine/rest/history-records.bpmn', 'engine/rest/history-path.bpmn');
  });
  after(() => t.stop());

  const search = async (path: string, filter: Record<string, unknown>) => {
    const res = await rawCall(t, 'POST', `${path}/search`, { filter, sort: [{ field: path === '/incidents' ? 'incidentKey' : path === '/jobs' ? 'jobKey' : 'processInstanceKey' }] });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body.items as Array<Record<string, unknown>>;
  };

  it('should find a completed case’s task, jobs, incident and subscription in their final states, and keep none of them in memory', async () => {
    const done = await runRecordedCase(t, 'HR-1');
    const key = done.processInstanceKey;

    const [task] = await search('/user-tasks', { processInstanceKey: key });
    expect(task).to.include({ userTaskKey: done.userTaskKey, state: 'COMPLETED', assignee: 'clerk-1', elementId: 'review', name: 'Review' });
    expect(Date.parse(String(task.completionDate))).to.be.at.least(Date.parse(String(task.creationDate)));
    const read = await rawCall(t, 'GET', `/user-tasks/${done.userTaskKey}`);
    expect(read.body).to.deep.equal(task);
    const seen = await rawCall(t, 'POST', `/user-tasks/${done.userTaskKey}/variables/search`, {});
    expect((seen.body.items as Array<{ name: string }>).map((v) => v.name).sort()).to.deep.equal(['archivedAs', 'caseNumber', 'opinion', 'reviewer']);

    const jobs = await search('/jobs', { processInstanceKey: key });
    expect(jobs.map((j) => `${String(j.type)}:${String(j.state)}`)).to.deep.equal(['history-archive:COMPLETED']);
    expect(jobs[0]).to.include({ jobKey: done.jobKey, errorMessage: 'archive offline', retries: 1 });
    expect(jobs[0]).to.have.property('endTime');
    expect(jobs[0]).not.to.have.property('deadline');

    const [incident] = await search('/incidents', { processInstanceKey: key });
    expect(incident).to.include({ incidentKey: done.incidentKey, state: 'RESOLVED', errorType: 'JOB_NO_RETRIES', jobKey: done.jobKey });
    expect((await rawCall(t, 'GET', `/incidents/${done.incidentKey}`)).body).to.deep.equal(incident);

    const [subscription] = await search('/message-subscriptions', { processInstanceKey: key });
    expect(subscription).to.include({ messageName: 'history-withdraw', correlationKey: 'HR-1', elementId: 'withdrawn', messageSubscriptionState: 'DELETED' });

    const store = t.running.engine.ctx.store;
    expect(store.get('userTask', Number(done.userTaskKey))).to.equal(undefined);
    expect(store.get('incident', Number(done.incidentKey))).to.equal(undefined);
    expect(store.get('job', Number(done.jobKey))).to.equal(undefined);
  });

  it('should list a waiting subscription as created and a correlated one as correlated, by message name and correlation key', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'history-records', variables: { caseNumber: 'HR-2' } });
    const filter = { messageName: 'history-withdraw', correlationKey: 'HR-2' };
    const [waiting] = await search('/message-subscriptions', filter);
    expect(waiting).to.include({ processInstanceKey, processDefinitionId: 'history-records', messageSubscriptionState: 'CREATED' });
    const official = strictClient(t);
    const checked = await official.searchMessageSubscriptions({ filter: { processInstanceKey: processInstanceKey as never } }, NOW);
    expect(checked.items).to.have.length(1);

    await t.client.correlateMessage({ name: 'history-withdraw', correlationKey: 'HR-2', variables: {} });
    await waitForState(t.client, processInstanceKey, 'COMPLETED');
    const [correlated] = await search('/message-subscriptions', filter);
    expect(correlated).to.include({ messageSubscriptionKey: waiting.messageSubscriptionKey, messageSubscriptionState: 'CORRELATED' });
    expect(Date.parse(String(correlated.lastUpdatedDate))).to.be.at.least(Date.parse(String(waiting.lastUpdatedDate)));
    const [task] = await search('/user-tasks', { processInstanceKey });
    expect(task.state).to.equal('CANCELED');
    expect(task).not.to.have.property('assignee');
    expect(await search('/message-subscriptions', { messageSubscriptionState: 'CREATED', correlationKey: 'HR-2' })).to.deep.equal([]);
  });

  it('should mark the job of a cancelled instance as canceled, with its end time', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'history-path', variables: {} });
    await waitFor(() => search('/jobs', { processInstanceKey }), (jobs) => jobs.length === 1, 'the check job');
    await t.client.cancelProcessInstance({ processInstanceKey });
    const [job] = await search('/jobs', { processInstanceKey });
    expect(job).to.include({ type: 'history-check', state: 'CANCELED' });
    expect(job).to.have.property('endTime');
  });

  it('should filter user tasks by candidate group and user, with $in and $neq, and refuse an unknown field', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'history-records', variables: { caseNumber: 'HR-4' } });
    const keys = async (filter: Record<string, unknown>) => (await search('/user-tasks', { processInstanceKey, ...filter })).map((u) => u.elementId);
    expect(await keys({ candidateGroup: 'lead:GA' })).to.deep.equal(['review']);
    expect(await keys({ candidateGroup: 'window:MZ' })).to.deep.equal([]);
    expect(await keys({ candidateGroup: { $in: ['window:MZ', 'window:GA'] } })).to.deep.equal(['review']);
    expect(await keys({ candidateGroup: { $neq: 'lead:GA' } })).to.deep.equal([]);
    expect(await keys({ candidateUser: { $exists: false }, state: 'CREATED' })).to.deep.equal(['review']);
    const official = strictClient(t);
    const found = await official.searchUserTasks({ filter: { candidateGroup: 'window:GA', processInstanceKey: processInstanceKey as never } }, NOW);
    expect(found.items).to.have.length(1);
    const refused = await rawCall(t, 'POST', '/user-tasks/search', { filter: { colour: 'red' } });
    expect(refused.status).to.equal(400);
  });
});
