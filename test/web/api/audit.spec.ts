import { expect } from 'chai';
import { startWebHarness, type WebHarness } from '../../support/web.js';

describe('web/api audit', () => {
  let web: WebHarness;
  beforeEach(async () => {
    web = await startWebHarness();
  });
  afterEach(() => web.stop());

  it('should record who logged in, who failed to and who logged out, with their address', async () => {
    // given a failed log-in, then a log-in and a log-out
    const browser = web.client();
    await browser.login('mz-clerk-a', 'wrong');
    web.advance(1000);
    await browser.login('mz-clerk-a');
    web.advance(1000);
    await browser.delete('/api/session');

    // then supervision finds the three, newest first
    const supervisor = web.client();
    await supervisor.login('supervisor');
    const res = await supervisor.get('/api/audit?targetType=user&targetId=mz-clerk-a');
    expect(res.status).to.equal(200);
    expect(res.body.total).to.equal(3);
    expect(res.body.entries!.map((e) => [e.at, e.actor, e.action])).to.deep.equal([
      ['2026-11-26T01:00:02.000Z', 'mz-clerk-a', 'session.logout'],
      ['2026-11-26T01:00:01.000Z', 'mz-clerk-a', 'session.login'],
      ['2026-11-26T01:00:00.000Z', 'anonymous', 'session.login-failed'],
    ]);
    expect(res.body.entries![0].detail).to.deep.equal({ ip: '127.0.0.1' });
    // with the names of the people on the page, for the page to show instead of usernames
    const names = res.body as unknown as { people: Record<string, string>; cases: Record<string, string> };
    expect(names.people).to.deep.equal({ 'mz-clerk-a': '王芳' });
    expect(names.cases).to.deep.equal({});
  });

  it('should let supervision filter the log and page through it', async () => {
    // given five log-ins by two users, a minute apart
    for (const [i, username] of ['mz-clerk-a', 'zj-clerk-a', 'mz-clerk-a', 'zj-clerk-a', 'mz-clerk-a'].entries()) {
      if (i > 0) web.advance(60_000);
      await web.client().login(username);
    }
    const supervisor = web.client();
    await supervisor.login('admin');

    // when filtering by actor and time, and paging
    const byActor = await supervisor.get('/api/audit?actor=mz-clerk-a&action=session.login&from=2026-11-26T01:01:00Z&to=2026-11-26T01:05:00Z');
    const page = await supervisor.get('/api/audit?action=session.login&limit=2&offset=2');

    // then
    expect(byActor.body.entries!.map((e) => e.at)).to.deep.equal(['2026-11-26T01:04:00.000Z', '2026-11-26T01:02:00.000Z']);
    expect(page.body).to.include({ total: 6, limit: 2, offset: 2 });
    expect(page.body.entries!.map((e) => e.actor)).to.deep.equal(['zj-clerk-a', 'mz-clerk-a']);
    expect((await supervisor.get('/api/audit')).body).to.include({ limit: 50, offset: 0 });
  });

  it('should answer 400 naming the filter that is wrong', async () => {
    const supervisor = web.client();
    await supervisor.login('supervisor');
    const res = await supervisor.get('/api/audit?limit=0&from=yesterday');
    expect(res.status).to.equal(400);
    expect(res.body).to.include({ code: 'validation', in: 'query' });
    expect(res.body.errors!.map((e) => e.field)).to.have.members(['limit', 'from']);
  });
});
