import { expect } from 'chai';
import { CALENDAR_SHOWN_MAX_AGE_MS, type InboxTaskBody } from '../../../web/inbox/view.js';
import { statementsDuring } from '../../support/statement-count.js';
import { startWebHarness, type ApiClient, type AppInstance, type WebHarness } from '../../support/web.js';

/**
 * The inbox's due colours on the working-day calendar as an app instance keeps it
 * (docs/decisions/0024-per-request-reads.md), with two instances on one store. The engine is out
 * of reach: the list comes from the task store.
 */
describe('web/api inbox due colours on the shared calendar', function () {
  this.timeout(30_000);
  let web: WebHarness;
  let other: AppInstance;
  before(async () => {
    // now is Thursday 26 November 2026, 09:00 in Beijing; the task falls due Friday 17:30
    web = await startWebHarness();
    other = await web.anotherInstance();
    await web.store.tasks.record({ userTaskKey: '2251799813685301', processInstanceKey: '2251799813685249', elementId: 'materialCheck', name: '材料审查', candidateGroups: ['window:MZ'], departmentCode: 'MZ', dueAt: new Date('2026-11-27T09:30:00Z') });
  });
  after(() => web.stop());

  const signedIn = async (client: ApiClient, username: string) => {
    const res = await client.login(username);
    if (res.status !== 201) throw new Error(`${username}'s log-in answered ${res.status}`);
    return client;
  };
  const colour = async (clerk: ApiClient) => {
    const res = await clerk.get('/api/tasks');
    expect(res.status).to.equal(200);
    return (res.body as unknown as { tasks: InboxTaskBody[] }).tasks.map((t) => t.dueStatus);
  };
  const isCalendarRead = (sql: string) => sql.includes('"calendar_overrides"');

  it('should read the calendar for a listing once in CALENDAR_SHOWN_MAX_AGE_MS, not at every listing', async () => {
    const clerk = await signedIn(web.client(), 'mz-clerk-a');
    await colour(clerk);

    // within the age: the session, the covered posts, the page's keys, total and entries (8 before ADR 0024: the session
    // and its user apart, and the calendar's two tables)
    const cached = await statementsDuring(() => colour(clerk));
    expect(cached.statements.filter(isCalendarRead)).to.deep.equal([]);
    expect(cached.statements).to.have.length(5);

    // past it: read again, in one statement
    web.advance(CALENDAR_SHOWN_MAX_AGE_MS);
    const expired = await statementsDuring(() => colour(clerk));
    expect(expired.statements.filter(isCalendarRead)).to.have.length(1);
    expect(expired.statements).to.have.length(6);
  });

  it("should colour by an administrator's change at once on the instance that made it, and within CALENDAR_SHOWN_MAX_AGE_MS on the other", async () => {
    // given both instances showing the task as not yet due soon
    const here = await signedIn(web.client(), 'mz-clerk-a');
    const there = await signedIn(other.client(), 'mz-clerk-b');
    expect(await colour(here)).to.deep.equal(['normal']);
    expect(await colour(there)).to.deep.equal(['normal']);

    // when the administrator, on the first, makes today a holiday: Friday is then the next working day, so the task is due within one
    const admin = await signedIn(web.client(), 'admin');
    const set = await admin.request('put', '/api/admin/calendar/2026', { body: { entries: [{ date: '2026-11-26', kind: 'holiday', reason: '县里放假' }] } });
    expect(set.status).to.equal(200);

    // then the first instance colours it yellow at its next listing, the other one at the latest CALENDAR_SHOWN_MAX_AGE_MS later
    expect(await colour(here)).to.deep.equal(['yellow']);
    web.advance(CALENDAR_SHOWN_MAX_AGE_MS);
    expect(await colour(there)).to.deep.equal(['yellow']);
  });
});
