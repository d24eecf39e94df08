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
}

describe('web/api ops', function () {
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
    await engine.deployFixtures('web/ops-incident.bpmn');
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
});
