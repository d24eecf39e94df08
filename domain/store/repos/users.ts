import { sql, type Kysely, type SqlBool } from 'kysely';
import { fromIso, fromJson, toBool01, toIso, toJson } from '../codec.js';
import type { StoreEnv } from '../env.js';
import { StoreNotFoundError } from '../errors.js';
import type { Database, UserRow } from '../schema.js';

/** A staff member's log-in account. Roles are kept as given; the web app decides what each grants. */
export interface User {
  username: string;
  displayName: string;
  staffId: string | null;
  departmentCode: string;
  roles: string[];
  passwordHash: string;
  disabled: boolean;
  /** an administrator reset the password: nothing opens until the user picks their own */
  mustChangePassword: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewUser {
  username: string;
  displayName: string;
  staffId?: string | null;
  departmentCode: string;
  roles: string[];
  passwordHash: string;
  disabled?: boolean;
  mustChangePassword?: boolean;
}

/** What an administrator changes about an account besides its password and status. */
export interface UserProfile {
  displayName: string;
  departmentCode: string;
  roles: string[];
}

export type UsersRepo = ReturnType<typeof createUsersRepo>;

export function createUsersRepo(db: Kysely<Database>, env: StoreEnv) {
  const set = async (username: string, fields: Partial<Omit<UserRow, 'username' | 'created_at'>>): Promise<User> => {
    const row = await db
      .updateTable('users')
      .set({ ...fields, updated_at: toIso(env.now()) })
      .where('username', '=', username)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new StoreNotFoundError('user', username);
    return toUser(row);
  };
  return {
    /** False when the username is taken: an existing account, its password included, is never overwritten. */
    async addIfMissing(input: NewUser): Promise<boolean> {
      const at = toIso(env.now());
      const row: UserRow = {
        username: input.username,
        display_name: input.displayName,
        staff_id: input.staffId ?? null,
        department_code: input.departmentCode,
        roles: toJson(input.roles),
        password_hash: input.passwordHash,
        disabled: toBool01(input.disabled ?? false),
        must_change_password: toBool01(input.mustChangePassword ?? false),
        created_at: at,
        updated_at: at,
      };
      const inserted = await db
        .insertInto('users')
        .values(row)
        .onConflict((oc) => oc.column('username').doNothing())
        .returning('username')
        .executeTakeFirst();
      return inserted !== undefined;
    },

    async get(username: string): Promise<User | undefined> {
      const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
      return row && toUser(row);
    },

    /** Accounts by user name; `search` matches part of the user name or the display name. */
    async list(filter: { search?: string; departmentCode?: string } = {}): Promise<User[]> {
      let q = db.selectFrom('users').selectAll();
      if (filter.departmentCode !== undefined) q = q.where('department_code', '=', filter.departmentCode);
      if (filter.search !== undefined) {
        // user names are stored in lower case; display names are Chinese, which has no case
        const pattern = `%${filter.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        q = q.where((eb) => eb.or([sql<SqlBool>`${sql.ref('username')} like ${pattern} escape '\\'`, sql<SqlBool>`${sql.ref('display_name')} like ${pattern} escape '\\'`]));
      }
      const rows = await q.orderBy('username').execute();
      return rows.map(toUser);
    },

    async updateProfile(username: string, profile: UserProfile): Promise<User> {
      return set(username, { display_name: profile.displayName, department_code: profile.departmentCode, roles: toJson(profile.roles) });
    },

    async setDisabled(username: string, disabled: boolean): Promise<User> {
      return set(username, { disabled: toBool01(disabled) });
    },

    /** A new password hash; `mustChange` when an administrator chose it, false when the user did. */
    async setPassword(username: string, passwordHash: string, mustChange: boolean): Promise<User> {
      return set(username, { password_hash: passwordHash, must_change_password: toBool01(mustChange) });
    },

    async count(): Promise<number> {
      const { n } = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(n);
    },
  };
}

/** A users row as the account it holds (also for the sessions repository's join). */
export function toUser(row: UserRow): User {
  return {
    username: row.username,
    displayName: row.display_name,
    staffId: row.staff_id,
    departmentCode: row.department_code,
    roles: fromJson<string[]>(row.roles),
    passwordHash: row.password_hash,
    disabled: row.disabled === 1,
    mustChangePassword: row.must_change_password === 1,
    createdAt: fromIso(row.created_at),
    updatedAt: fromIso(row.updated_at),
  };
}
