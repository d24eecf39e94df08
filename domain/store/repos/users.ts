import type { Kysely } from 'kysely';
import { fromIso, fromJson, toBool01, toIso, toJson } from '../codec.js';
import type { StoreEnv } from '../env.js';
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
}

export type UsersRepo = ReturnType<typeof createUsersRepo>;

export function createUsersRepo(db: Kysely<Database>, env: StoreEnv) {
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

    async count(): Promise<number> {
      const { n } = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(n);
    },
  };
}

function toUser(row: UserRow): User {
  return {
    username: row.username,
    displayName: row.display_name,
    staffId: row.staff_id,
    departmentCode: row.department_code,
    roles: fromJson<string[]>(row.roles),
    passwordHash: row.password_hash,
    disabled: row.disabled === 1,
    createdAt: fromIso(row.created_at),
    updatedAt: fromIso(row.updated_at),
  };
}
