import { expect } from 'chai';
import { startWebHarness, type WebHarness } from '../../support/web.js';

/** The inbox with its engine out of reach (the web harness points the SDK at a closed port). */
describe('web/api inbox without the engine', function () {
  this.timeout(30_000);
  let web: WebHarness;
  before(async () => {
    web = await startWebHarness();
    await web.store.tasks.record({ userTaskKey: '2251799813685301', processInstanceKey: '2251799813685249', elementId: 'materialCheck', name: '材料审查', candidateGroups: ['window:MZ'], departmentCode: 'MZ' });
  });
  after(() => web.stop());

  it('should still list from the task store, say so in the log, and answer 503 to what needs the engine, changing nothing', async () => {
    const clerk = web.client();
    await clerk.login('mz-clerk-a');
    const started = Date.now();
    const listed = await clerk.get('/api/tasks');
    expect(listed.status).to.equal(200);
    expect(listed.body.total).to.equal(1);
    // the check against the engine is bounded, and rests after a failure
    expect(Date.now() - started).to.be.lessThan(2_900);
    expect(web.logLines.some((l) => l.includes('warn inbox: could not check open tasks against the engine'))).to.equal(true);
    const again = Date.now();
    expect((await clerk.get('/api/tasks')).status).to.equal(200);
    expect(Date.now() - again).to.be.lessThan(500);

    for (const res of [await clerk.get('/api/tasks/2251799813685301/form'), await clerk.post('/api/tasks/2251799813685301/claim', undefined)]) {
      expect(res.status).to.equal(503);
      expect(res.body.code).to.equal('engine-unavailable');
    }
    expect(await web.store.tasks.get('2251799813685301')).to.include({ state: 'created', assignee: null });
    expect((await web.store.audit.search({ targetType: 'task', limit: 10, offset: 0 })).total).to.equal(0);
  });
});
