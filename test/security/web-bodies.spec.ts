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
});
