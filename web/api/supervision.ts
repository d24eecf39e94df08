import { unknownYearsOf } from '../../domain/calendar/unknown-year-flag.js';
import { GROUNDS, groundByItem } from '../../domain/complaints/grounds.js';
import { chinaDay, chinaDaysRange, computeFigures, isCalendarDay, type FigureRow, type GroupBy } from '../../domain/statistics/figures.js';
import { OPEN_CASE_STATUSES, type Case, type InstantRange, type SupervisionRecord } from '../../domain/store/index.js';
import { inputOf } from '../http/context.js';
import { ApiProblem } from '../http/problem.js';
import type { Api } from '../openapi/routes.js';
import type { ApiContext } from './context.js';

/** 电子监察 and the figures of the reports (docs/decisions/0007). */

/** a report spans at most this many days, so one request cannot make the store read everything ever */
const MAX_REPORT_DAYS = 3 * 366;

const ROUTE_LABELS: Record<string, string> = {
  'on-the-spot': '当场处理',
  center: '中心处理',
  agency: '转职能部门',
  joint: '管委会牵头',
  discipline: '移送纪检监察',
  unrouted: '未分流',
};

interface RangeQuery {
  from?: string;
  to?: string;
}

/** The report's days (China time), defaulting to this month so far; 400 for days that do not exist or run backwards. */
function reportDays(query: RangeQuery, now: Date, defaults: boolean): { from: string; to: string } | undefined {
  const today = chinaDay(now);
  const from = query.from ?? (defaults ? `${today.slice(0, 8)}01` : undefined);
  const to = query.to ?? (defaults || from !== undefined ? today : undefined);
  if (from === undefined || to === undefined) return undefined;
  const errors = (
    [
      ['from', from],
      ['to', to],
    ] as const
  )
    .filter(([, d]) => !isCalendarDay(d))
    .map(([field]) => ({ in: 'query' as const, field, message: `${field} 不是有效日期` }));
  if (errors.length > 0) throw new ApiProblem('validation', errors.map((e) => e.message).join('；'), errors);
  if (from > to) throw new ApiProblem('validation', '起始日不能晚于截止日', [{ in: 'query', field: 'from', message: '起始日不能晚于截止日' }]);
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 >= MAX_REPORT_DAYS) {
    throw new ApiProblem('validation', `统计期间不能超过 ${MAX_REPORT_DAYS} 天`, [{ in: 'query', field: 'to', message: `统计期间不能超过 ${MAX_REPORT_DAYS} 天` }]);
  }
  return { from, to };
}

const percent = (rate: number | null): string => (rate === null ? '' : `${(rate * 100).toFixed(2)}%`);

/** One CSV field: quoted when it holds a comma, quote or line break (RFC 4180), and never read as a formula by a spreadsheet. */
function csvField(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const GROUP_HEADERS: Record<GroupBy, string> = { window: '窗口', department: '部门', month: '月份' };

export function statisticsCsv(groupBy: GroupBy, rows: FigureRow[], total: FigureRow): string {
  const header = [GROUP_HEADERS[groupBy], '受理数', '办结数', '按时办结数', '评价数', '满意数', '办结率', '按时办结率', '满意率'];
  const line = (r: FigureRow) => [r.label, r.accepted, r.completed, r.completedOnTime, r.rated, r.satisfied, percent(r.completionRate), percent(r.onTimeRate), percent(r.satisfactionRate)];
  // the BOM tells Excel the file is UTF-8; without it the Chinese headers come out garbled
  return '\uFEFF' + [header, ...rows.map(line), line(total)].map((fields) => fields.map(csvField).join(',')).join('\r\n') + '\r\n';
}

type Level = 'warned' | 'overdue' | 'unverified';

/**
 * Overdue: past the case deadline with the clock running, or carded (yellow / red) by electronic
 * supervision; warned: not overdue, and past the warning time or warned. A case whose clock is
 * suspended (supplement, special procedure) is not overdue by its old deadline: the deadline
 * moves on when the clock resumes. Unverified: neither, but its deadline falls in a year the
 * calendar has no holiday schedule for (ADR 0002): it counts weekends only until a person checks it.
 */
/** what the section must chase first */
const LEVEL_ORDER: readonly Level[] = ['overdue', 'warned', 'unverified'];

function levelOf(c: Case, records: SupervisionRecord[], now: Date): Level | undefined {
  const open = records.filter((r) => r.resolvedAt === null);
  const running = c.suspendedSince === null;
  if ((running && c.dueAt !== null && c.dueAt <= now) || open.some((r) => r.kind === 'yellow-card' || r.kind === 'red-card')) return 'overdue';
  if ((running && c.warnAt !== null && c.warnAt <= now) || open.some((r) => r.kind === 'warning')) return 'warned';
  if (unknownYearsOf(c.calendarFlag).length > 0) return 'unverified';
  return undefined;
}

export function registerSupervisionRoutes(api: Api, { store, clock }: ApiContext): void {
  async function figures(query: RangeQuery & { groupBy: GroupBy }) {
    const days = reportDays(query, clock(), true)!;
    const range: InstantRange = chinaDaysRange(days.from, days.to);
    const [cases, ratings, departments] = await Promise.all([store.reports.caseFacts(range), store.reports.ratingFacts(range), store.catalogue.listDepartments()]);
    return { ...days, groupBy: query.groupBy, ...computeFigures({ cases, ratings, range, groupBy: query.groupBy, departments }) };
  }

  api.get('/api/supervision/stats', 'getStatistics', async (_req, res) => {
    const { query } = inputOf<{ query: RangeQuery & { groupBy: GroupBy } }>(res);
    res.json(await figures(query));
  });

  api.get('/api/supervision/stats.csv', 'exportStatistics', async (_req, res) => {
    const { query } = inputOf<{ query: RangeQuery & { groupBy: GroupBy } }>(res);
    const report = await figures(query);
    const name = `办件统计_${report.from}_${report.to}.csv`;
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="statistics_${report.from}_${report.to}.csv"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .send(statisticsCsv(report.groupBy, report.rows, report.total));
  });

  api.get('/api/supervision/cases', 'listSupervisedCases', async (_req, res) => {
    const { query } = inputOf<{ query: { status?: Level; department?: string } }>(res);
    const now = clock();
    const cases = await store.cases.list({ status: OPEN_CASE_STATUSES, ...(query.department === undefined ? {} : { departmentCode: query.department }) });
    const records = await store.reports.supervisionRecordsOf(cases.map((c) => c.id));
    const byCase = new Map<string, SupervisionRecord[]>();
    for (const r of records) byCase.set(r.caseId, [...(byCase.get(r.caseId) ?? []), r]);
    const [items, departments] = await Promise.all([store.catalogue.listItems(), store.catalogue.listDepartments()]);
    const itemName = new Map(items.map((i) => [i.code, i.name]));
    const departmentName = new Map(departments.map((d) => [d.code, d.name]));
    const listed = cases.flatMap((c) => {
      const cards = byCase.get(c.id) ?? [];
      const level = levelOf(c, cards, now);
      if (level === undefined || (query.status !== undefined && query.status !== level)) return [];
      return [
        {
          caseNumber: c.caseNumber,
          itemCode: c.itemCode,
          itemName: itemName.get(c.itemCode) ?? c.itemCode,
          departmentCode: c.departmentCode,
          departmentName: departmentName.get(c.departmentCode) ?? c.departmentCode,
          caseType: c.caseType,
          stage: c.stage,
          status: c.status,
          level,
          acceptedAt: c.acceptedAt?.toISOString() ?? null,
          warnAt: c.warnAt?.toISOString() ?? null,
          dueAt: c.dueAt?.toISOString() ?? null,
          suspended: c.suspendedSince !== null,
          calendarUnknownYears: unknownYearsOf(c.calendarFlag),
          cards: cards.map((r) => ({ kind: r.kind, reason: r.reason, userTaskKey: r.userTaskKey, createdAt: r.createdAt.toISOString(), resolvedAt: r.resolvedAt?.toISOString() ?? null })),
        },
      ];
    });
    // the longest overdue first: what the section must chase
    listed.sort((a, b) => (a.level !== b.level ? LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level) : (a.dueAt ?? '\uffff').localeCompare(b.dueAt ?? '\uffff')));
    res.json({ at: now.toISOString(), cases: listed, total: listed.length });
  });

  api.get('/api/supervision/complaints/summary', 'getComplaintSummary', async (_req, res) => {
    const { query } = inputOf<{ query: RangeQuery }>(res);
    const days = reportDays(query, clock(), false);
    const counts = await store.reports.complaintCounts(days ? chinaDaysRange(days.from, days.to) : {});
    const grounds = new Map<string, { ground: string | null; item: string | null; label: string; count: number; byRoute: Record<string, number> }>();
    const routes = new Map<string, number>();
    for (const { groundItem, route, count } of counts) {
      const ground = groundItem === null ? undefined : groundByItem(groundItem);
      const key = groundItem ?? '';
      const row = grounds.get(key) ?? { ground: ground?.code ?? null, item: groundItem, label: ground?.label ?? '未注明事由', count: 0, byRoute: {} };
      const routeKey = route ?? 'unrouted';
      row.count += count;
      row.byRoute[routeKey] = (row.byRoute[routeKey] ?? 0) + count;
      grounds.set(key, row);
      routes.set(routeKey, (routes.get(routeKey) ?? 0) + count);
    }
    // the grounds in the order of 第二条
    const order = (item: string | null) => (item === null ? GROUNDS.length : GROUNDS.findIndex((g) => g.item === item));
    res.json({
      from: days?.from ?? null,
      to: days?.to ?? null,
      total: counts.reduce((n, c) => n + c.count, 0),
      byGround: [...grounds.values()].sort((a, b) => order(a.item) - order(b.item)),
      byRoute: [...routes].map(([route, count]) => ({ route, label: ROUTE_LABELS[route] ?? route, count })).sort((a, b) => b.count - a.count || a.route.localeCompare(b.route)),
    });
  });
}
