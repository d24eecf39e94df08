import type { Kysely } from 'kysely';
import { fromIso, fromJson, toBool01, toIso, toJson } from '../codec.js';
import type { StoreEnv } from '../env.js';
import type { AbsenceKind, AbsenceRow, Database, PostRow, StaffRow } from '../schema.js';

export type { AbsenceKind } from '../schema.js';
export const ABSENCE_KINDS: readonly AbsenceKind[] = ['leave', 'training', 'business-trip'];
import { inTransaction } from '../transaction.js';

export interface Staff {
  id: string;
  name: string;
  departmentCode: string;
  roles: string[];
  phone: string | null;
  email: string | null;
  active: boolean;
}

/** A post (岗位) with an A holder and ordered B holders (AB岗); its tasks go to candidateGroup. */
export interface Post {
  code: string;
  departmentCode: string;
  name: string;
  candidateGroup: string;
}

export interface PostHolder {
  postCode: string;
  /** 0 = the A holder, 1.. = B holders in the order they take over */
  rank: number;
  staff: Staff;
}

export interface Absence {
  id: string;
  staffId: string;
  startsAt: Date;
  /** exclusive: the holder is back at this instant */
  endsAt: Date;
  reason: string;
  kind: AbsenceKind;
  /** the user name of who recorded it; null for absences recorded before staff administration */
  createdBy: string | null;
  createdAt: Date | null;
}

/** A post with its holders in rank order, each with the absence that keeps them away at an instant (the earliest begun), if any. */
export interface PostStaffing {
  post: Post;
  holders: Array<{ holder: PostHolder; absence: Absence | null }>;
}

export interface NewAbsence {
  staffId: string;
  startsAt: Date;
  endsAt: Date;
  reason: string;
  kind?: AbsenceKind;
  createdBy?: string | null;
}

export type StaffRepo = ReturnType<typeof createStaffRepo>;

export function createStaffRepo(db: Kysely<Database>, env: StoreEnv) {
  return {
    async upsertStaff(staff: Staff): Promise<Staff> {
      const fields = {
        name: staff.name,
        department_code: staff.departmentCode,
        roles: toJson(staff.roles),
        phone: staff.phone,
        email: staff.email,
        active: toBool01(staff.active),
      };
      const row: StaffRow = { id: staff.id, ...fields };
      await db
        .insertInto('staff')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet(fields))
        .execute();
      return toStaff(row);
    },

    async getStaff(id: string): Promise<Staff | undefined> {
      const row = await db.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toStaff(row);
    },

    async listStaff(filter: { departmentCode?: string; activeOnly?: boolean } = {}): Promise<Staff[]> {
      let q = db.selectFrom('staff').selectAll();
      if (filter.departmentCode !== undefined) q = q.where('department_code', '=', filter.departmentCode);
      if (filter.activeOnly) q = q.where('active', '=', 1);
      const rows = await q.orderBy('id').execute();
      return rows.map(toStaff);
    },

    async upsertPost(post: Post): Promise<Post> {
      const fields = { department_code: post.departmentCode, name: post.name, candidate_group: post.candidateGroup };
      const row: PostRow = { code: post.code, ...fields };
      await db
        .insertInto('posts')
        .values(row)
        .onConflict((oc) => oc.column('code').doUpdateSet(fields))
        .execute();
      return toPost(row);
    },

    async getPost(code: string): Promise<Post | undefined> {
      const row = await db.selectFrom('posts').selectAll().where('code', '=', code).executeTakeFirst();
      return row && toPost(row);
    },

    async listPosts(filter: { departmentCode?: string; candidateGroup?: string } = {}): Promise<Post[]> {
      let q = db.selectFrom('posts').selectAll();
      if (filter.departmentCode !== undefined) q = q.where('department_code', '=', filter.departmentCode);
      if (filter.candidateGroup !== undefined) q = q.where('candidate_group', '=', filter.candidateGroup);
      const rows = await q.orderBy('code').execute();
      return rows.map(toPost);
    },

    /** Replaces a post's holders: staffIds[0] becomes the A holder, the rest B holders in order. */
    setHolders(postCode: string, staffIds: string[]): Promise<void> {
      return inTransaction(db, async (trx) => {
        await trx.deleteFrom('post_holders').where('post_code', '=', postCode).execute();
        if (staffIds.length === 0) return;
        await trx
          .insertInto('post_holders')
          .values(staffIds.map((staffId, rank) => ({ post_code: postCode, staff_id: staffId, rank })))
          .execute();
      });
    },

    /** A first, then B holders in order. */
    async holders(postCode: string): Promise<PostHolder[]> {
      const rows = await db
        .selectFrom('post_holders as h')
        .innerJoin('staff as s', 's.id', 'h.staff_id')
        .selectAll('s')
        .select(['h.post_code', 'h.rank'])
        .where('h.post_code', '=', postCode)
        .orderBy('h.rank')
        .execute();
      return rows.map(({ post_code, rank, ...staff }) => ({ postCode: post_code, rank, staff: toStaff(staff) }));
    },

    /**
     * The post serving a task offered to these groups (the first group a post serves; of its
     * posts, the first by code), with its holders and their absences at the instant: what AB岗
     * needs to place the task, in one statement instead of the post, its holders and their
     * absences one after the other.
     */
    async staffing(candidateGroups: string[], at: Date): Promise<PostStaffing | undefined> {
      if (candidateGroups.length === 0) return undefined;
      const t = toIso(at);
      const rows = await db
        .selectFrom('posts as p')
        .leftJoin('post_holders as h', 'h.post_code', 'p.code')
        .leftJoin('staff as s', 's.id', 'h.staff_id')
        .leftJoin('absences as a', (join) => join.onRef('a.staff_id', '=', 's.id').on('a.starts_at', '<=', t).on('a.ends_at', '>', t))
        .select(['p.code', 'p.department_code', 'p.name', 'p.candidate_group', 'h.rank'])
        .select(['s.id as staff_id', 's.name as staff_name', 's.department_code as staff_department_code', 's.roles', 's.phone', 's.email', 's.active'])
        .select(['a.id as absence_id', 'a.starts_at', 'a.ends_at', 'a.reason', 'a.kind', 'a.created_by', 'a.created_at'])
        .where('p.candidate_group', 'in', candidateGroups)
        .orderBy('p.code')
        .orderBy('h.rank')
        .orderBy('a.starts_at')
        .execute();
      const group = candidateGroups.find((g) => rows.some((r) => r.candidate_group === g));
      const first = rows.find((r) => r.candidate_group === group);
      if (!first) return undefined;
      const holders: PostStaffing['holders'] = [];
      for (const r of rows) {
        if (r.code !== first.code || r.rank === null || r.staff_id === null || r.staff_name === null || r.staff_department_code === null || r.roles === null || r.active === null) continue;
        // a holder on overlapping absences comes once per absence: the earliest begun is kept, as absencesAt orders them
        if (holders.at(-1)?.holder.rank === r.rank) continue;
        const staff = toStaff({ id: r.staff_id, name: r.staff_name, department_code: r.staff_department_code, roles: r.roles, phone: r.phone, email: r.email, active: r.active });
        const absence =
          r.absence_id === null || r.starts_at === null || r.ends_at === null || r.reason === null || r.kind === null
            ? null
            : toAbsence({ id: r.absence_id, staff_id: r.staff_id, starts_at: r.starts_at, ends_at: r.ends_at, reason: r.reason, kind: r.kind, created_by: r.created_by, created_at: r.created_at });
        holders.push({ holder: { postCode: first.code, rank: r.rank, staff }, absence });
      }
      return { post: toPost(first), holders };
    },

    async postsHeldBy(staffId: string): Promise<Array<{ post: Post; rank: number }>> {
      const rows = await db
        .selectFrom('post_holders as h')
        .innerJoin('posts as p', 'p.code', 'h.post_code')
        .selectAll('p')
        .select('h.rank')
        .where('h.staff_id', '=', staffId)
        .orderBy('p.code')
        .execute();
      return rows.map(({ rank, ...post }) => ({ post: toPost(post), rank }));
    },

    async addAbsence(input: NewAbsence): Promise<Absence> {
      const row: AbsenceRow = {
        id: env.newId(),
        staff_id: input.staffId,
        starts_at: toIso(input.startsAt),
        ends_at: toIso(input.endsAt),
        reason: input.reason,
        kind: input.kind ?? 'leave',
        created_by: input.createdBy ?? null,
        created_at: toIso(env.now()),
      };
      await db.insertInto('absences').values(row).execute();
      return toAbsence(row);
    },

    async getAbsence(id: string): Promise<Absence | undefined> {
      const row = await db.selectFrom('absences').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toAbsence(row);
    },

    /** A person's absences that have not ended by `since`, earliest first. */
    async absencesOf(staffId: string, since: Date): Promise<Absence[]> {
      const rows = await db.selectFrom('absences').selectAll().where('staff_id', '=', staffId).where('ends_at', '>', toIso(since)).orderBy('starts_at').orderBy('id').execute();
      return rows.map(toAbsence);
    },

    async removeAbsence(id: string): Promise<boolean> {
      const result = await db.deleteFrom('absences').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    /** Absences covering the instant `at` (starts_at <= at < ends_at), optionally of some staff only. */
    async absencesAt(at: Date, staffIds?: string[]): Promise<Absence[]> {
      if (staffIds?.length === 0) return [];
      const t = toIso(at);
      let q = db.selectFrom('absences').selectAll().where('starts_at', '<=', t).where('ends_at', '>', t);
      if (staffIds !== undefined) q = q.where('staff_id', 'in', staffIds);
      const rows = await q.orderBy('staff_id').orderBy('starts_at').execute();
      return rows.map(toAbsence);
    },
  };
}

function toStaff(row: StaffRow): Staff {
  return {
    id: row.id,
    name: row.name,
    departmentCode: row.department_code,
    roles: fromJson<string[]>(row.roles),
    phone: row.phone,
    email: row.email,
    active: row.active === 1,
  };
}

function toPost(row: PostRow): Post {
  return { code: row.code, departmentCode: row.department_code, name: row.name, candidateGroup: row.candidate_group };
}

function toAbsence(row: AbsenceRow): Absence {
  return {
    id: row.id,
    staffId: row.staff_id,
    startsAt: fromIso(row.starts_at),
    endsAt: fromIso(row.ends_at),
    reason: row.reason,
    kind: row.kind,
    createdBy: row.created_by,
    createdAt: row.created_at === null ? null : fromIso(row.created_at),
  };
}
