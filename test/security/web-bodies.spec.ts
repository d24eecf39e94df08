import { expect } from 'chai';
import { startWebHarness, type WebHarness } from '../support/web.js';

describe('security: request bodies on the web API (issue 11)', () => {
  let web: WebHarness;
  before(async () => {
    web = await startWebHarness();
  });
  after(() => web.stop());

  it('should refuse a 4 MB designer body without a session as 401, before parsing it', async () => {
    // not JSON at all: parsed, it would be a 400
    const body = `{"content": "${'x'.repeat(4 * 1024 * 1024)}`;

    const res = await fetch(`${web.url}/api/designer/bpmn/refusal`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body });

    expect(res.status).to.equal(401);
    expect(((await res.json()) as { code: string }).code).to.equal('unauthenticated');
  });

  it('should still read a signed-in designer\'s body', async () => {
    const designer = web.client();
    await designer.login('designer');

    const res = await designer.request('put', '/api/designer/bpmn/refusal', { body: { content: 'not a diagram', baseVersion: 0 } });

    expect(res.status).to.not.equal(401);
    expect(res.status).to.be.below(500);
  });

  it('should answer a draft nested thousands of levels deep with 400, store nothing, and still save a normal draft', async () => {
    const key = '2251799813685301';
    await web.store.tasks.record({ userTaskKey: key, processInstanceKey: '2251799813685249', elementId: 'materialCheck', name: '材料审查', candidateGroups: ['window:MZ'], departmentCode: 'MZ' });
    const clerk = web.client();
    await clerk.login('mz-clerk-a');
    // about 30 KB, well inside the body limit: stored as it is, it overflowed the stack (500)
    const deep = `{"variables":{"remark":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}}`;

    const res = await clerk.request('put', `/api/tasks/${key}/draft`, { rawBody: deep });

    expect(res.status).to.equal(400);
    expect(await web.store.inbox.getDraft(key, 'mz-clerk-a')).to.equal(undefined);
    const nested = { remark: { a: { b: [1, 2, { c: '正常的嵌套' }] } } };
    expect((await clerk.request('put', `/api/tasks/${key}/draft`, { body: { variables: nested } })).status).to.equal(200);
  });
});
