import type { Kysely } from 'kysely';
import { fromIso, fromIsoOrNull, toIso, toIsoOrNull } from '../codec.js';
import type { StoreEnv } from '../env.js';
import { StoreNotFoundError } from '../errors.js';
import type { Database, EvaluationRow } from '../schema.js';

/** 好差评: 非常满意, 满意, 基本满意, 不满意, 非常不满意, the ratings an applicant (or, on a follow-up visit, a complainant) may give */
export const EVALUATION_LEVELS = ['very-satisfied', 'satisfied', 'basically-satisfied', 'dissatisfied', 'very-dissatisfied'] as const;
export type EvaluationLevel = (typeof EVALUATION_LEVELS)[number];

/** A bad rating (差评) gets a follow-up visit and is rectified within 15 working days. */
export type FollowUpState = 'pending' | 'visited' | 'rectified';

export interface Evaluation {
  caseId: string;
  level: EvaluationLevel;
  comment: string | null;
  createdAt: Date;
  rectificationDueAt: Date | null;
  followUpState: FollowUpState | null;
}

export interface NewEvaluation {
  caseId: string;
  level: EvaluationLevel;
  comment?: string | null;
  rectificationDueAt?: Date | null;
  followUpState?: FollowUpState | null;
  at?: Date;
}

export type EvaluationsRepo = ReturnType<typeof createEvaluationsRepo>;

export function createEvaluationsRepo(db: Kysely<Database>, env: StoreEnv) {
  return {
    /** One rating per case: a second rating is ignored and the first one returned. */
    async rate(input: NewEvaluation): Promise<Evaluation> {
      const row: EvaluationRow = {
        case_id: input.caseId,
        level: input.level,
        comment: input.comment ?? null,
        created_at: toIso(input.at ?? env.now()),
        rectification_due_at: toIsoOrNull(input.rectificationDueAt),
        follow_up_state: input.followUpState ?? null,
      };
      const inserted = await db
        .insertInto('evaluations')
        .values(row)
        .onConflict((oc) => oc.column('case_id').doNothing())
        .returningAll()
        .executeTakeFirst();
      return toEvaluation(inserted ?? (await db.selectFrom('evaluations').selectAll().where('case_id', '=', input.caseId).executeTakeFirstOrThrow()));
    },

    async get(caseId: string): Promise<Evaluation | undefined> {
      const row = await db.selectFrom('evaluations').selectAll().where('case_id', '=', caseId).executeTakeFirst();
      return row && toEvaluation(row);
    },

    async setFollowUp(caseId: string, state: FollowUpState, rectificationDueAt?: Date | null): Promise<Evaluation> {
      const row = await db
        .updateTable('evaluations')
        .set(rectificationDueAt === undefined ? { follow_up_state: state } : { follow_up_state: state, rectification_due_at: toIsoOrNull(rectificationDueAt) })
        .where('case_id', '=', caseId)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new StoreNotFoundError('evaluation', caseId);
      return toEvaluation(row);
    },

    /** Ratings whose follow-up is in the given state, soonest rectification deadline first. */
    async listByFollowUp(state: FollowUpState): Promise<Evaluation[]> {
      const rows = await db
        .selectFrom('evaluations')
        .selectAll()
        .where('follow_up_state', '=', state)
        .orderBy('rectification_due_at', (ob) => ob.asc().nullsLast())
        .orderBy('case_id')
        .execute();
      return rows.map(toEvaluation);
    },
  };
}

function toEvaluation(row: EvaluationRow): Evaluation {
  return {
    caseId: row.case_id,
    level: row.level as EvaluationLevel,
    comment: row.comment,
    createdAt: fromIso(row.created_at),
    rectificationDueAt: fromIsoOrNull(row.rectification_due_at),
    followUpState: row.follow_up_state as FollowUpState | null,
  };
}
