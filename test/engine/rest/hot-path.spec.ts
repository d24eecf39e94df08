import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { rawCall, type RawResponse } from './helpers.js';

/**
 * Instance creation, job activation and job completion are served without express
 * (engine/rest/hot-path.ts); a trailing slash sends the same request through express. Both must
 * answer alike, whatever the body.
 */
describe('engine/rest hot path: creation, activation and completion answer as the express routes do', () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
    await t.deployFixtures('engine/three-service-tasks.bpmn');
  });
  after(() => t.stop());

  const both = async (path: string, body: unknown, contentType?: string): Promise<[RawResponse, RawResponse]> => [
    await rawCall(t, 'POST', path, body, contentType),
    await rawCall(t, 'POST', `${path}/`, body, contentType),
  ];
  const shape = (r: RawResponse) => ({ status: r.status, contentType: r.contentType, title: r.body.title, detail: r.body.detail });

  const BODIES: Array<[string, unknown]> = [
    ['that is not JSON', '{"processDefinitionId": "three-service-tasks",'],
    ['that is a JSON array', ['three-service-tasks']],
    ['that is a JSON string', '"three-service-tasks"'],
    ['nested deeper than 128 levels', '{"variables":{"a":' + '['.repeat(200) + ']'.repeat(200) + '}}'],
    ['with variables that are not an object', { processDefinitionId: 'three-service-tasks', variables: [1], timeout: 1, maxJobsToActivate: 1 }],
    ['without the fields the request needs', {}],
  ];

  for (const path of ['/process-instances', '/jobs/activation', '/jobs/2251799813685249/completion']) {
    for (const [what, body] of BODIES) {
      it(`answers POST ${path} with a body ${what} as express does`, async () => {
        const [hot, express] = await both(path, body);

        expect(hot.status).to.be.within(400, 499);
        expect(shape(hot)).to.deep.equal({ ...shape(express), detail: hot.body.detail });
        expect(hot.body.instance).to.equal(`/v2${path}`);
      });
    }
  }

  it('refuses a body over 10 MB with 413 on the hot path and through express', async () => {
    const body = JSON.stringify({ processDefinitionId: 'three-service-tasks', variables: { scan: 'x'.repeat(10 * 1024 * 1024) } });

    const [hot, express] = await both('/process-instances', body);

    expect([hot.status, express.status]).to.deep.equal([413, 413]);
    expect(hot.body.detail).to.equal(express.body.detail);
  });

  it('creates an instance, hands out its job and completes it with the answers express gives', async () => {
    const created = await both('/process-instances', { processDefinitionId: 'three-service-tasks', variables: { jobPrefix: 'hot' } });
    const activated = await both('/jobs/activation', { type: 'hot-a', worker: 'w', timeout: 60_000, maxJobsToActivate: 1, requestTimeout: 5_000 });
    const jobs = activated.map((a) => (a.body.jobs as Array<Record<string, unknown>>)[0]);
    const completed = [
      await rawCall(t, 'POST', `/jobs/${String(jobs[0].jobKey)}/completion`, { variables: { done: true } }),
      await rawCall(t, 'POST', `/jobs/${String(jobs[1].jobKey)}/completion/`, { variables: { done: true } }),
    ];

    expect(created.map((c) => [c.status, c.contentType, Object.keys(c.body).sort()])).to.deep.equal([
      [200, 'application/json; charset=utf-8', ['processDefinitionId', 'processDefinitionKey', 'processDefinitionVersion', 'processInstanceKey', 'tenantId', 'variables']],
      [200, 'application/json; charset=utf-8', ['processDefinitionId', 'processDefinitionKey', 'processDefinitionVersion', 'processInstanceKey', 'tenantId', 'variables']],
    ]);
    expect(jobs.map((j) => Object.keys(j).sort())).to.deep.equal([Object.keys(jobs[1]).sort(), Object.keys(jobs[0]).sort()]);
    expect(jobs.map((j) => j.processInstanceKey).sort()).to.deep.equal(created.map((c) => c.body.processInstanceKey).sort());
    expect(completed.map((c) => c.status)).to.deep.equal([204, 204]);
  });

  it('leaves a request with a query string or another content type to express', async () => {
    const query = await rawCall(t, 'POST', '/process-instances?origin=test', { processDefinitionId: 'three-service-tasks', variables: { jobPrefix: 'q' } });
    const text = await rawCall(t, 'POST', '/process-instances', JSON.stringify({ processDefinitionId: 'three-service-tasks' }), 'text/plain');

    expect(query.status).to.equal(200);
    // express.json reads only JSON bodies, so this one has no process id
    expect([text.status, text.body.title]).to.deep.equal([400, 'INVALID_ARGUMENT']);
  });
});
