import type { Kysely } from 'kysely';
import { fromBool01OrNull, fromIso, fromIsoOrNull, toIso } from '../codec.js';
import type { Database } from '../schema.js';
import type { EvaluationLevel } from './evaluations.js';
import { toSupervisionRecord, type SupervisionRecord } from './supervision.js';

/** [from, to) on the instants each query names. */
export interface InstantRange {
  from: Date;
  to: Date;
}

/** What the figures need of a case: when it was accepted and completed, and whether in time. */
export interface CaseFact {
  caseId: string;
  departmentCode: string;
  acceptedAt: Date | null;
  /** only for cases whose status is completed (办结: approved or rejected by decision) */
  completedAt: Date | null;
  onTime: boolean | null;
}

export interface RatingFact {
  caseId: string;
  departmentCode: string;
  ratedAt: Date;
  level: EvaluationLevel;
}

export interface ComplaintCount {
  groundItem: string | null;
  route: string | null;
  count: number;
}

/** SQLite allows 32766 bound parameters per statement; stay well below it. */
const CHUNK = 500;

export type ReportsRepo = ReturnType<typeof createReportsRepo>;

/**
 * Read-only queries for supervision's reports (业务督查): the raw facts, narrowed by time in SQL;
 * the figures (办结率, 按时办结率, 满意率) are computed from them in domain/statistics, so their
 * definitions live in one place and do not depend on the SQL dialect.
 */
export function createReportsRepo(db: Kysely<Database>) {
  return {
    /** Cases accepted in the range, and cases completed in it (a case may be both). */
    async caseFacts(range: InstantRange): Promise<CaseFact[]> {
      const from = toIso(range.from);
      const to = toIso(range.to);
      const rows = await db
        .selectFrom('cases')
        .select(['id', 'department_code', 'accepted_at', 'completed_at', 'status', 'on_time'])
        .where((eb) =>
          eb.or([
            eb.and([eb('accepted_at', '>=', from), eb('accepted_at', '<', to)]),
            eb.and([eb('status', '=', 'completed'), eb('completed_at', '>=', from), eb('completed_at', '<', to)]),
          ]),
        )
        .orderBy('id')
        .execute();
      return rows.map((row) => ({
        caseId: row.id,
        departmentCode: row.department_code,
        acceptedAt: fromIsoOrNull(row.accepted_at),
        completedAt: row.status === 'completed' ? fromIsoOrNull(row.completed_at) : null,
        onTime: fromBool01OrNull(row.on_time),
      }));
    },

    /** Ratings (好差评) given in the range, with the department of the case rated. */
    async ratingFacts(range: InstantRange): Promise<RatingFact[]> {
      const rows = await db
        .selectFrom('evaluations')
        .innerJoin('cases', 'cases.id', 'evaluations.case_id')
        .select(['evaluations.case_id', 'cases.department_code', 'evaluations.created_at', 'evaluations.level'])
        .where('evaluations.created_at', '>=', toIso(range.from))
        .where('evaluations.created_at', '<', toIso(range.to))
        .orderBy('evaluations.case_id')
        .execute();
      return rows.map((row) => ({ caseId: row.case_id, departmentCode: row.department_code, ratedAt: fromIso(row.created_at), level: row.level as EvaluationLevel }));
    },

    /** The supervision records of the given cases (every kind, resolved or not), oldest first. */
    async supervisionRecordsOf(caseIds: readonly string[]): Promise<SupervisionRecord[]> {
      const records: SupervisionRecord[] = [];
      for (let i = 0; i < caseIds.length; i += CHUNK) {
        const rows = await db
          .selectFrom('supervision_records')
          .selectAll()
          .where('case_id', 'in', caseIds.slice(i, i + CHUNK))
          .orderBy('created_at')
          .orderBy('id')
          .execute();
        records.push(...rows.map(toSupervisionRecord));
      }
      return records;
    },

    /** Complaints registered in the range (all when none is given), counted by ground item and route. */
    async complaintCounts(range: Partial<InstantRange> = {}): Promise<ComplaintCount[]> {
      let q = db.selectFrom('complaints').select(['ground_item', 'route', (eb) => eb.fn.countAll<number>().as('n')]);
      if (range.from !== undefined) q = q.where('created_at', '>=', toIso(range.from));
      if (range.to !== undefined) q = q.where('created_at', '<', toIso(range.to));
      const rows = await q.groupBy(['ground_item', 'route']).execute();
      return rows.map((row) => ({ groundItem: row.ground_item, route: row.route, count: Number(row.n) }));
    },
  };
}
