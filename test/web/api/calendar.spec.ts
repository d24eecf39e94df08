import { expect } from 'chai';
import { packageYears } from '../../../domain/calendar/calendar.js';
import { awaitNotices, caseOf, PERSON, startCase, type StartedCase } from '../../support/case-flow.js';
import { bodyAs, startWebSystem, type WebSystem } from '../../support/web-system.js';
import type { ApiClient } from '../../support/web.js';

/**
 * 工作日历 through the API on the whole system: entering the 2027 schedule in December 2026 clears
 * the unknown-year flag and moves an open case's deadline in the store, the engine and the case file.
 */

// Monday 14 December 2026, 10:00 China time
const NOW = '2026-12-14T02:00:00Z';

const SCHEDULE_2027 = ['# 2027 年部分节假日安排', '2027-01-01,holiday,元旦', '2027-02-06,holiday,春节', '2027-02-07,holiday,春节', '2027-02-08,holiday,春节', '2027-02-20,workday,春节调休', ''].join('\n');

interface Change {
  caseNumber: string;
  before: { dueAt: string | null; warnAt: string | null; calendarFlag: string | null };
  after: { dueAt: string | null; warnAt: string | null; calendarFlag: string | null };
}
interface Preview {
  calendar: { year: number; source: string | null; days: Array<{ date: string; kind: string; reason: string }>; entered: unknown[] };
  changes: Change[];
}

describe('web/api calendar (工作日历)', function () {
  this.timeout(120_000);
  let h: WebSystem;
  let admin: ApiClient;
  let open: StartedCase;

  before(async function () {
    // once the package publishes 2027, nothing is flagged and there is nothing to clear
    if (packageYears().includes(2027)) this.skip();
    h = await startWebSystem({ start: NOW });
    admin = await h.web.as('admin');
    // a 20-working-day case accepted today reaches into January 2027
    const item = (await h.store.catalogue.getItem('MZ-002'))!;
    const codes = item.materials.map((m) => m.code);
    open = await startCase(h, 'promised-case', { itemCode: 'MZ-002', applicant: PERSON, materials: codes.map((code) => ({ code, provided: true })) });
    await h.complete(await h.task('materialCheck', { processInstanceKey: open.key }), { verifiedMaterials: codes, materialsComplete: true, fixedOnSpot: '' });
    await h.complete(await h.task('acceptanceDecision', { processInstanceKey: open.key }), { accepted: true });
    await awaitNotices(h, open.caseNumber, 'acceptance');
  });
  after(async () => {
    await h?.stop();
  });

  const put = (client: ApiClient, year: number, body: unknown) => client.request('put', `/api/admin/calendar/${year}`, { body });

  it('should flag the case accepted in December whose 20 working days count 2027 by the weekend rule alone', async () => {
    const c = await caseOf(h, open.caseNumber);
    // 13 working days to 31 December, then 1 January (a Friday, taken for a working day), 4–8 and 11 January
    expect(c.dueAt?.toISOString()).to.equal('2027-01-11T09:30:00.000Z');
    expect(c.calendarFlag).to.equal('unknown-year:2027');
    const res = await admin.get('/api/admin/calendar/2027');
    expect(res.status).to.equal(200);
    expect(bodyAs<Preview['calendar']>(res)).to.deep.include({ year: 2027, source: null, days: [], entered: [] });
  });

  it('should refuse the calendar to everyone but administrators', async () => {
    for (const username of ['mz-clerk-a', 'mz-head', 'supervisor']) {
      const client = await h.web.as(username);
      expect((await client.get('/api/admin/calendar/2027')).status, `${username} reads`).to.equal(403);
      expect((await client.post('/api/admin/calendar/2027/preview', { file: SCHEDULE_2027 })).status, `${username} previews`).to.equal(403);
      expect((await put(client, 2027, { file: SCHEDULE_2027 })).status, `${username} applies`).to.equal(403);
    }
    expect((await (await h.web.anonymous()).get('/api/admin/calendar/2027')).status).to.equal(401);
    expect(await h.store.calendar.years()).to.deep.equal([]);
  });

  it('should name every bad line of an imported file and change nothing', async () => {
    const file = [
      '2027-01-01,holiday,元旦',
      '2027-02-30,holiday,春节',
      '2027-02-08,workday,春节调休',
      '2026-12-31,holiday,元旦',
      '2027-02-10,rest,春节',
      '2027-01-01,holiday,元旦',
      '2027-02-11 holiday 春节',
      '2027-02-12,holiday,',
    ].join('\n');
    for (const send of [(b: unknown) => admin.post('/api/admin/calendar/2027/preview', b), (b: unknown) => put(admin, 2027, b)]) {
      const res = await send({ file });
      expect(res.status).to.equal(400);
      expect(res.body.code).to.equal('validation');
      expect((res.body.errors as Array<{ message: string }>).map((e) => e.message)).to.deep.equal([
        '第 2 行：日期「2027-02-30」无效，应为 YYYY-MM-DD，如 2027-01-01',
        '第 3 行：2027-02-08 是星期一，本来就是工作日，不能登记为调休上班',
        '第 4 行：2026-12-31 不在 2027 年',
        '第 5 行：类型「rest」无效，应为 holiday（放假）或 workday（调休上班）',
        '第 6 行：2027-01-01 已在第 1 行登记过',
        '第 7 行：应为「日期,类型,名称」三项，如 2027-01-01,holiday,元旦',
        '第 8 行：请写明名称，如 元旦、春节调休',
      ]);
    }
    const bad = await put(admin, 2027, { entries: [{ date: '2027-01-01', kind: 'holiday', reason: '元旦' }, { date: '2027-13-01', kind: 'holiday', reason: '春节' }] });
    expect(bad.status).to.equal(400);
    expect(bad.body.errors).to.deep.equal([{ in: 'body', field: 'entries[1].date', message: '第 2 条：日期「2027-13-01」无效，应为 YYYY-MM-DD，如 2027-01-01' }]);
    expect((await put(admin, 2027, { file: SCHEDULE_2027, entries: [] })).status).to.equal(400);
    expect((await put(admin, 2040, { file: SCHEDULE_2027 })).status).to.equal(400);

    expect(await h.store.calendar.years()).to.deep.equal([]);
    expect(await h.store.calendar.listOverrides()).to.deep.equal([]);
    const c = await caseOf(h, open.caseNumber);
    expect(c.dueAt?.toISOString()).to.equal('2027-01-11T09:30:00.000Z');
    expect(c.calendarFlag).to.equal('unknown-year:2027');
    expect((await h.store.audit.search({ action: 'calendar.year-set', limit: 10, offset: 0 })).entries).to.deep.equal([]);
  });

  it('should preview the 2027 schedule with the case whose deadline it moves, and keep nothing', async () => {
    const res = await admin.post('/api/admin/calendar/2027/preview', { file: SCHEDULE_2027 });
    expect(res.status).to.equal(200);
    const preview = bodyAs<Preview>(res);
    expect(preview.calendar.source).to.equal('admin');
    expect(preview.calendar.days.map((d) => `${d.date} ${d.kind} ${d.reason}`)).to.deep.equal([
      '2027-01-01 holiday 元旦',
      '2027-02-06 holiday 春节',
      '2027-02-07 holiday 春节',
      '2027-02-08 holiday 春节',
      '2027-02-20 workday 春节调休',
    ]);
    expect(preview.changes).to.deep.equal([
      {
        caseNumber: open.caseNumber,
        before: { dueAt: '2027-01-11T09:30:00.000Z', warnAt: '2027-01-08T09:30:00.000Z', calendarFlag: 'unknown-year:2027' },
        // 1 January is a holiday: one working day later, warned on the Monday before
        after: { dueAt: '2027-01-12T09:30:00.000Z', warnAt: '2027-01-11T09:30:00.000Z', calendarFlag: null },
      },
    ]);
    expect(await h.store.calendar.years()).to.deep.equal([]);
    expect((await caseOf(h, open.caseNumber)).dueAt?.toISOString()).to.equal('2027-01-11T09:30:00.000Z');
  });

  it('should apply the 2027 schedule: the flag cleared, the due date moved in the store, the process and the case file, audited with before and after', async () => {
    const res = await put(admin, 2027, { file: SCHEDULE_2027 });
    expect(res.status).to.equal(200);
    const applied = bodyAs<{ changes: Change[]; engineFailures: string[] }>(res);
    expect(applied.engineFailures).to.deep.equal([]);
    expect(applied.changes.map((c) => c.caseNumber)).to.deep.equal([open.caseNumber]);

    expect(await h.store.calendar.years()).to.deep.equal([{ year: 2027, source: 'admin', note: 'admin 录入' }]);
    expect((await h.store.calendar.listOverrides()).map((o) => o.date)).to.deep.equal(['2027-01-01', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-20']);
    const calendar = await h.deps.calendar();
    expect(calendar.isKnownYear(2027)).to.equal(true);
    expect(calendar.isWorkingDay('2027-02-20')).to.equal(true);

    const c = await caseOf(h, open.caseNumber);
    expect(c.dueAt?.toISOString()).to.equal('2027-01-12T09:30:00.000Z');
    expect(c.warnAt?.toISOString()).to.equal('2027-01-11T09:30:00.000Z');
    expect(c.calendarFlag).to.equal(null);

    const vars = await h.variables(open.key);
    expect(vars.dueAt).to.equal('2027-01-12T09:30:00.000Z');
    expect(vars.warnAt).to.equal('2027-01-11T09:30:00.000Z');

    const [event] = (await h.store.cases.events(c.id)).filter((e) => e.kind === 'deadline-recomputed');
    expect(event.actor).to.equal('admin');
    expect((event.detail as { note: string }).note).to.equal('2027年节假日安排已录入，办结时限由 2027-01-11 17:30 调整为 2027-01-12 17:30');

    const [entry] = (await h.store.audit.search({ action: 'calendar.year-set', limit: 10, offset: 0 })).entries;
    expect(entry).to.deep.include({ actor: 'admin', targetType: 'calendar', targetId: '2027' });
    const detail = entry.detail as { before: { source: unknown; entered: unknown[] }; after: { entered: unknown[] }; cases: Change[] };
    expect(detail.before).to.deep.equal({ source: null, entered: [] });
    expect(detail.after.entered).to.have.length(5);
    expect(detail.cases).to.deep.equal([
      {
        caseNumber: open.caseNumber,
        before: { dueAt: '2027-01-11T09:30:00.000Z', warnAt: '2027-01-08T09:30:00.000Z', calendarFlag: 'unknown-year:2027' },
        after: { dueAt: '2027-01-12T09:30:00.000Z', warnAt: '2027-01-11T09:30:00.000Z', calendarFlag: null },
      },
    ]);

    // entering the same schedule again moves nothing
    const again = await put(admin, 2027, { file: SCHEDULE_2027 });
    expect(bodyAs<{ changes: Change[] }>(again).changes).to.deep.equal([]);
  });

  it('should warn at the moved time, not at the old one the warning timer was armed with', async () => {
    const c = await caseOf(h, open.caseNumber);
    // past the old warning time (Friday 8 January 17:30), before the new one (Monday 11 January 17:30)
    await h.setTime(new Date('2027-01-09T02:00:00Z'));
    await h.until('the early warning job handed back', () => Promise.resolve(h.log.some((l) => l.message === 'job not due yet, handed back' && l.detail?.element === 'recordWarning')));
    // the review step's own limit passed long ago and is carded; the case's warning is not due yet
    const warnings = async () => (await h.store.supervision.listForCase(c.id)).filter((r) => r.kind === 'warning');
    expect(await warnings()).to.deep.equal([]);

    await h.setTime(new Date('2027-01-11T09:31:00Z'));
    const [warning] = await h.until('the warning', async () => {
      const records = await warnings();
      return records.length > 0 && records;
    });
    expect(warning.reason).to.equal(`办件 ${open.caseNumber}将于 2027-01-12 17:30 到期，请抓紧办理`);
  });
});
