import { expect } from 'chai';
import { seedCatalogue } from '../../../domain/catalogue/catalogue.js';
import type { CaseType } from '../../../domain/catalogue/types.js';
import type { EvaluationLevel, SupervisionKind } from '../../../domain/store/index.js';
import { bodyAs } from '../../support/web-system.js';
import { startWebHarness, type ApiClient, type WebHarness } from '../../support/web.js';

interface Row {
  key: string;
  label: string;
  accepted: number;
  completed: number;
  completedOnTime: number;
  rated: number;
  satisfied: number;
  completionRate: number | null;
  onTimeRate: number | null;
  satisfactionRate: number | null;
}

interface SupervisedCase {
  caseNumber: string;
  level: string;
  cards: Array<{ kind: string; reason: string }>;
}

/** China time (UTC+8) wall clock → instant */
const cst = (wall: string) => new Date(`${wall}+08:00`);

describe('web/api supervision', () => {
  let web: WebHarness;
  let supervisor: ApiClient;
  // the harness clock: 2026-11-26 09:00 China time

  before(async () => {
    web = await startWebHarness();
    await web.store.catalogue.publish(seedCatalogue(), web.now());

    const seed = async (c: {
      dept: 'MZ' | 'ZJ';
      accepted?: string;
      completed?: string;
      onTime?: boolean;
      rating?: [EvaluationLevel, string];
      warnAt?: string;
      dueAt?: string;
      suspended?: boolean;
      records?: SupervisionKind[];
    }) => {
      const item = c.dept === 'MZ' ? { itemCode: 'MZ-002', caseType: 'promised' as CaseType } : { itemCode: 'ZJ-001', caseType: 'joint' as CaseType };
      const created = await web.store.cases.create({
        ...item,
        departmentCode: c.dept,
        applicant: { kind: 'person', name: '张明', idNumber: null, phone: null, email: null },
        actor: 'test',
        receivedAt: cst(c.accepted ?? '2026-11-01T09:00:00'),
      });
      await web.store.cases.update(created.id, {
        status: c.completed ? 'completed' : 'in_review',
        acceptedAt: c.accepted ? cst(c.accepted) : null,
        completedAt: c.completed ? cst(c.completed) : null,
        onTime: c.completed ? (c.onTime ?? true) : null,
        warnAt: c.warnAt ? cst(c.warnAt) : null,
        dueAt: c.dueAt ? cst(c.dueAt) : null,
        suspendedSince: c.suspended ? cst('2026-11-18T10:00:00') : null,
      });
      if (c.rating) await web.store.evaluations.rate({ caseId: created.id, level: c.rating[0], at: cst(c.rating[1]) });
      for (const [i, kind] of (c.records ?? []).entries()) {
        await web.store.supervision.record({ caseId: created.id, kind, reason: `${kind} of ${created.caseNumber}`, idempotencyKey: `${created.id}:${i}` });
      }
      return created.caseNumber;
    };

    // 民政局: three accepted in November (and two open ones below), three completed (one accepted in October), two on time, three rated, two satisfied
    await seed({ dept: 'MZ', accepted: '2026-11-02T10:00:00', completed: '2026-11-10T15:00:00', rating: ['very-satisfied', '2026-11-10T16:00:00'] });
    await seed({ dept: 'MZ', accepted: '2026-11-03T10:00:00', completed: '2026-11-20T15:00:00', onTime: false, rating: ['dissatisfied', '2026-11-21T09:00:00'] });
    await seed({ dept: 'MZ', accepted: '2026-11-05T10:00:00', warnAt: '2026-11-25T17:30:00', dueAt: '2026-11-27T17:30:00' });
    await seed({ dept: 'MZ', accepted: '2026-10-28T10:00:00', completed: '2026-11-04T11:00:00', rating: ['basically-satisfied', '2026-11-05T09:00:00'] });
    // 住建局: two accepted (one in the last minutes of 30 November; and two open ones below), one completed on time and rated satisfied
    await seed({ dept: 'ZJ', accepted: '2026-11-10T10:00:00', completed: '2026-11-12T10:00:00', rating: ['satisfied', '2026-11-12T11:00:00'] });
    await seed({ dept: 'ZJ', accepted: '2026-11-30T23:30:00' });
    // accepted on 1 December, China time, though still 30 November in UTC: outside November
    await seed({ dept: 'ZJ', accepted: '2026-12-01T00:30:00' });

    // open cases for electronic supervision
    overdue = await seed({ dept: 'ZJ', accepted: '2026-11-02T10:00:00', warnAt: '2026-11-23T17:30:00', dueAt: '2026-11-24T17:30:00', records: ['warning', 'yellow-card'] });
    await seed({ dept: 'ZJ', accepted: '2026-11-02T10:00:00', warnAt: '2026-11-19T17:30:00', dueAt: '2026-11-20T17:30:00', suspended: true });
    await seed({ dept: 'MZ', accepted: '2026-11-20T10:00:00', warnAt: '2026-12-01T17:30:00', dueAt: '2026-12-02T17:30:00' });
    stepWarned = await seed({ dept: 'MZ', accepted: '2026-11-20T10:00:00', records: ['warning'] });

    supervisor = web.client();
    await supervisor.login('supervisor');
  });
  after(() => web.stop());

  let overdue: string;
  let stepWarned: string;

  const rows = async (query: string): Promise<{ rows: Row[]; total: Row; from: string; to: string }> => {
    const res = await supervisor.get(`/api/supervision/stats?${query}`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return bodyAs(res);
  };

  it('should compute 办结率, 按时办结率 and 满意率 per department and in total, exactly', async () => {
    const report = await rows('from=2026-11-01&to=2026-11-30&groupBy=department');

    expect(report).to.include({ from: '2026-11-01', to: '2026-11-30' });
    expect(report.rows).to.deep.equal([
      { key: 'MZ', label: '县民政局', accepted: 5, completed: 3, completedOnTime: 2, rated: 3, satisfied: 2, completionRate: 0.6, onTimeRate: 2 / 3, satisfactionRate: 2 / 3 },
      { key: 'ZJ', label: '县住房和城乡建设局', accepted: 4, completed: 1, completedOnTime: 1, rated: 1, satisfied: 1, completionRate: 0.25, onTimeRate: 1, satisfactionRate: 1 },
    ]);
    expect(report.total).to.deep.include({ accepted: 9, completed: 4, completedOnTime: 3, rated: 4, satisfied: 3, completionRate: 4 / 9, onTimeRate: 0.75, satisfactionRate: 0.75 });
  });

  it('should group by window (named after its place in the hall) and by month in China time, empty months included', async () => {
    const byWindow = await rows('from=2026-11-01&to=2026-11-30&groupBy=window');
    expect(byWindow.rows.map((r) => [r.label, r.accepted])).to.deep.equal([
      ['一楼 B区 9号窗口（县民政局）', 5],
      ['二楼 C区 18号窗口（县住房和城乡建设局）', 4],
    ]);

    const byMonth = await rows('from=2026-09-15&to=2026-12-31&groupBy=month');
    expect(byMonth.rows.map((r) => [r.key, r.label, r.accepted, r.completed, r.rated])).to.deep.equal([
      ['2026-09', '2026年9月', 0, 0, 0],
      ['2026-10', '2026年10月', 1, 0, 0],
      ['2026-11', '2026年11月', 9, 4, 4],
      ['2026-12', '2026年12月', 1, 0, 0],
    ]);
    expect(byMonth.rows[0]).to.include({ completionRate: null, onTimeRate: null, satisfactionRate: null });
  });

  it('should default to this month so far, and refuse days that do not exist or run backwards', async () => {
    expect(await rows('')).to.include({ from: '2026-11-01', to: '2026-11-26' });
    for (const [query, field] of [
      ['from=2026-02-30', 'from'],
      ['from=2026-11-30&to=2026-11-01', 'from'],
      ['groupBy=week', 'groupBy'],
    ]) {
      const res = await supervisor.get(`/api/supervision/stats?${query}`);
      expect(res.status, query).to.equal(400);
      expect(res.body, query).to.include({ code: 'validation', field, in: 'query' });
    }
  });

  it('should export the figures as CSV with a BOM and Chinese headers, for Excel', async () => {
    // read as bytes: fetch's text() would drop the BOM
    const res = await fetch(`${web.url}/api/supervision/stats.csv?from=2026-11-01&to=2026-11-30`, {
      headers: { cookie: [...supervisor.cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
    });
    const bytes = new Uint8Array(await res.arrayBuffer());

    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).to.contain('attachment').and.contain("filename*=UTF-8''");
    expect([...bytes.slice(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1).trimEnd().split('\r\n');
    expect(lines).to.deep.equal([
      '部门,受理数,办结数,按时办结数,评价数,满意数,办结率,按时办结率,满意率',
      '县民政局,5,3,2,3,2,60.00%,66.67%,66.67%',
      '县住房和城乡建设局,4,1,1,1,1,25.00%,100.00%,100.00%',
      '合计,9,4,3,4,3,44.44%,75.00%,75.00%',
    ]);
  });

  it('should list the overdue and the warned open cases with their cards, overdue first', async () => {
    const all = bodyAs<{ cases: SupervisedCase[]; total: number }>(await supervisor.get('/api/supervision/cases'));
    expect(all.cases.map((c) => c.level)).to.deep.equal(['overdue', 'warned', 'warned']);
    expect(all.cases[0].caseNumber).to.equal(overdue);
    expect(all.cases[0].cards.map((c) => c.kind)).to.deep.equal(['warning', 'yellow-card']);

    const overdueOnly = bodyAs<{ cases: SupervisedCase[] }>(await supervisor.get('/api/supervision/cases?status=overdue'));
    expect(overdueOnly.cases.map((c) => c.caseNumber)).to.deep.equal([overdue]);
    const warned = bodyAs<{ cases: SupervisedCase[] }>(await supervisor.get('/api/supervision/cases?status=warned&department=MZ'));
    expect(warned.cases.map((c) => c.level)).to.deep.equal(['warned', 'warned']);
    expect(warned.cases.map((c) => c.caseNumber)).to.include(stepWarned);
    // a case whose clock is suspended is not overdue by its old deadline
    expect(all.total).to.equal(3);
  });

  it('should list an open case whose deadline falls in a year without a holiday schedule as 时限待核, with the years, until a person checks it (ADR 0002)', async () => {
    const flagged = await web.store.cases.create({
      itemCode: 'MZ-002',
      caseType: 'promised',
      departmentCode: 'MZ',
      applicant: { kind: 'person', name: '李明', idNumber: null, phone: null, email: null },
      actor: 'test',
      receivedAt: cst('2026-12-28T09:00:00'),
    });
    await web.store.cases.update(flagged.id, { status: 'in_review', acceptedAt: cst('2026-12-28T09:00:00'), warnAt: cst('2027-01-22T17:30:00'), dueAt: cst('2027-01-25T17:30:00'), calendarFlag: 'unknown-year:2027' });
    try {
      const all = bodyAs<{ cases: Array<SupervisedCase & { calendarUnknownYears: number[] }> }>(await supervisor.get('/api/supervision/cases'));
      const listed = all.cases.find((c) => c.caseNumber === flagged.caseNumber);
      expect(listed).to.deep.include({ level: 'unverified', calendarUnknownYears: [2027] });
      expect(all.cases.at(-1)!.caseNumber, 'after the overdue and warned ones').to.equal(flagged.caseNumber);
      const only = bodyAs<{ cases: SupervisedCase[] }>(await supervisor.get('/api/supervision/cases?status=unverified'));
      expect(only.cases.map((c) => c.caseNumber)).to.deep.equal([flagged.caseNumber]);
    } finally {
      await web.store.cases.update(flagged.id, { status: 'completed' });
    }
  });

  it('should sum complaints by ground (in the order of 第二条) and by route', async () => {
    const complaint = (groundCategory: 1 | 3, groundItem: string) =>
      web.store.complaints.create({ channel: 'written', groundCategory, groundItem, complainant: { name: '王五' }, content: '……', at: cst('2026-11-20T10:00:00') });
    const routed = await complaint(1, '1.3');
    await web.store.complaints.update(routed.id, { route: 'center' });
    await complaint(1, '1.3');
    const fees = await complaint(3, '3.3');
    await web.store.complaints.update(fees.id, { route: 'agency' });

    const complaints = web.client();
    await complaints.login('complaints');
    const res = await complaints.get('/api/supervision/complaints/summary?from=2026-11-01&to=2026-11-30');

    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({
      from: '2026-11-01',
      to: '2026-11-30',
      total: 3,
      byGround: [
        { ground: 'poor-service.not-told-at-once', item: '1.3', label: '不热情服务：未一次性告知所需材料，造成多次往返', count: 2, byRoute: { center: 1, unrouted: 1 } },
        { ground: 'fees.no-receipt', item: '3.3', label: '不按规定收费：收费不开正式票据', count: 1, byRoute: { agency: 1 } },
      ],
      byRoute: [
        { route: 'agency', label: '转职能部门', count: 1 },
        { route: 'center', label: '中心处理', count: 1 },
        { route: 'unrouted', label: '未分流', count: 1 },
      ],
    });
    expect((await complaints.get('/api/supervision/complaints/summary?from=2026-12-01&to=2026-12-31')).body).to.include({ total: 0 });
  });

  it('should keep supervision, operations and the designer from a clerk, and each section to its own', async () => {
    const as = async (username: string) => {
      const browser = web.client();
      await browser.login(username);
      return browser;
    };
    const clerk = await as('mz-clerk-a');
    for (const path of [
      '/api/supervision/stats',
      '/api/supervision/stats.csv',
      '/api/supervision/cases',
      '/api/supervision/complaints/summary',
      '/api/ops/incidents',
      '/api/designer/bpmn/immediate-case',
      '/api/designer/bpmn/immediate-case/versions',
    ]) {
      const res = await clerk.get(path);
      expect(res.status, path).to.equal(403);
      expect(res.body.code, path).to.equal('forbidden');
    }
    for (const [method, path, body] of [
      ['put', '/api/designer/bpmn/immediate-case', { content: '<x/>' }],
      ['post', '/api/designer/bpmn/immediate-case/deploy', {}],
      ['post', '/api/designer/bpmn/immediate-case/lint', {}],
      ['post', '/api/ops/incidents/2251799813685249/retry', undefined],
    ] as const) {
      const res = await clerk.request(method, path, body === undefined ? {} : { body });
      expect(res.status, path).to.equal(403);
    }
    expect((await (await as('committee')).get('/api/supervision/stats')).status).to.equal(200);
    expect((await (await as('complaints')).get('/api/supervision/stats')).status).to.equal(403);
    expect((await (await as('designer')).get('/api/supervision/cases')).status).to.equal(403);
    expect((await supervisor.get('/api/designer/bpmn/immediate-case')).status).to.equal(403);
    expect((await (await as('designer')).get('/api/designer/bpmn/immediate-case')).status).to.equal(200);
    expect((await web.client().get('/api/supervision/stats')).status).to.equal(401);
  });
});
