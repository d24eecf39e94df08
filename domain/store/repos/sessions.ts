import type { Kysely } from 'kysely';
import { fromIso, toIso } from '../codec.js';
import type { Database, SessionRow } from '../schema.js';
import { toUser, type User } from './users.js';

/**
 * A log-in session. The caller (the web app) gives every instant, since it decides expiry by its
 * own clock; the repository only keeps the rows.
 */
export interface Session {
  /** SHA-256 (hex) of the cookie's token; the token itself is never stored */
  idHash: string;
  username: string;
  /** the synchronizer token every state-changing request of this session must carry */
  csrfToken: string;
  createdAt: Date;
  /** absolute end, however active the session is */
  expiresAt: Date;
  lastSeenAt: Date;
}

export type SessionsRepo = ReturnType<typeof createSessionsRepo>;

export function createSessionsRepo(db: Kysely<Database>) {
  return {
    async create(session: Session): Promise<Session> {
      await db.insertInto('sessions').values(toRow(session)).execute();
      return session;
    },

    async get(idHash: string): Promise<Session | undefined> {
      const row = await db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
      return row && toSession(row);
    },

    /**
     * The session with its account, in one statement: the web app needs both on every request,
     * and reads them fresh each time so a log-out, a disabled account or a reset on any app
     * instance refuses the very next request.
     */
    async getWithUser(idHash: string): Promise<{ session: Session; user: User } | undefined> {
      const row = await db
        .selectFrom('sessions as s')
        // a session's user always exists (foreign key, on delete cascade)
        .innerJoin('users as u', 'u.username', 's.username')
        .select([
          's.id_hash',
          's.username',
          's.csrf_token',
          's.created_at',
          's.expires_at',
          's.last_seen_at',
          'u.display_name',
          'u.staff_id',
          'u.department_code',
          'u.roles',
          'u.password_hash',
          'u.disabled',
          'u.must_change_password',
          'u.created_at as user_created_at',
          'u.updated_at as user_updated_at',
        ])
        .where('s.id_hash', '=', idHash)
        .executeTakeFirst();
      if (!row) return undefined;
      const { user_created_at, user_updated_at, ...rest } = row;
      return { session: toSession(rest), user: toUser({ ...rest, created_at: user_created_at, updated_at: user_updated_at }) };
    },

    async touch(idHash: string, at: Date): Promise<void> {
      await db.updateTable('sessions').set({ last_seen_at: toIso(at) }).where('id_hash', '=', idHash).execute();
    },

    async delete(idHash: string): Promise<boolean> {
      const result = await db.deleteFrom('sessions').where('id_hash', '=', idHash).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    /**
     * Ends every session of an account (disabled, or its password reset or changed), but the one
     * `exceptIdHash` names (the session that changed its own password); returns how many.
     */
    async deleteForUser(username: string, exceptIdHash?: string): Promise<number> {
      let q = db.deleteFrom('sessions').where('username', '=', username);
      if (exceptIdHash !== undefined) q = q.where('id_hash', '!=', exceptIdHash);
      const result = await q.executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    /** Removes sessions past their absolute end at `now`, or idle since before `idleSince`; returns how many. */
    async deleteExpired(now: Date, idleSince: Date): Promise<number> {
      const result = await db
        .deleteFrom('sessions')
        .where((eb) => eb.or([eb('expires_at', '<=', toIso(now)), eb('last_seen_at', '<', toIso(idleSince))]))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

function toRow(s: Session): SessionRow {
  return {
    id_hash: s.idHash,
    username: s.username,
    csrf_token: s.csrfToken,
    created_at: toIso(s.createdAt),
    expires_at: toIso(s.expiresAt),
    last_seen_at: toIso(s.lastSeenAt),
  };
}

function toSession(row: SessionRow): Session {
  return {
    idHash: row.id_hash,
    username: row.username,
    csrfToken: row.csrf_token,
    createdAt: fromIso(row.created_at),
    expiresAt: fromIso(row.expires_at),
    lastSeenAt: fromIso(row.last_seen_at),
  };
}
