import { sql, type Kysely } from 'kysely';
import type { CalendarDay, CalendarOverride, DayKind } from '../../calendar/types.js';
import { fromIso, toIso } from '../codec.js';
import type { StoreEnv } from '../env.js';
import type { CalendarOverrideRow, CalendarYearRow, Database } from '../schema.js';

export interface StoredCalendarOverride extends CalendarOverride {
  setAt: Date;
}

/** A year whose schedule is known: from the npm package, or entered by an administrator. */
export interface CalendarYear {
  year: number;
  source: 'package' | 'admin';
  note: string | null;
}

/** A row of the union of both tables: an override's columns, or a year's, the others null. */
type EitherRow = { [K in keyof CalendarOverrideRow]: CalendarOverrideRow[K] | null } & { [K in keyof CalendarYearRow]: CalendarYearRow[K] | null };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export type CalendarRepo = ReturnType<typeof createCalendarRepo>;

export function createCalendarRepo(db: Kysely<Database>, env: StoreEnv) {
  async function upsertYear(year: CalendarYear): Promise<void> {
    if (!Number.isInteger(year.year)) throw new RangeError(`calendar year must be an integer, got ${year.year}`);
    await db
      .insertInto('calendar_years')
      .values(year)
      .onConflict((oc) => oc.column('year').doUpdateSet({ source: year.source, note: year.note }))
      .execute();
  }

  return {
    /** Sets (or replaces) the status of one date. */
    async setOverride(override: CalendarOverride, at: Date = env.now()): Promise<StoredCalendarOverride> {
      if (!DATE.test(override.date)) throw new RangeError(`calendar override date must be YYYY-MM-DD, got '${override.date}'`);
      const fields = { kind: override.kind, reason: override.reason, set_by: override.setBy, set_at: toIso(at) };
      const row: CalendarOverrideRow = { date: override.date, ...fields };
      await db
        .insertInto('calendar_overrides')
        .values(row)
        .onConflict((oc) => oc.column('date').doUpdateSet(fields))
        .execute();
      return toOverride(row);
    },

    async removeOverride(date: string): Promise<boolean> {
      const result = await db.deleteFrom('calendar_overrides').where('date', '=', date).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    /** Overrides between from and to inclusive (YYYY-MM-DD), by date. */
    async listOverrides(range: { from?: string; to?: string } = {}): Promise<StoredCalendarOverride[]> {
      let q = db.selectFrom('calendar_overrides').selectAll();
      if (range.from !== undefined) q = q.where('date', '>=', range.from);
      if (range.to !== undefined) q = q.where('date', '<=', range.to);
      const rows = await q.orderBy('date').execute();
      return rows.map(toOverride);
    },

    /**
     * Makes these days the year's overrides (any other override of the year goes) and declares the
     * year known: an administrator entered its whole schedule. Call it in a transaction.
     */
    async setYearSchedule(year: number, days: readonly CalendarDay[], setBy: string, note: string | null, at: Date = env.now()): Promise<void> {
      for (const day of days) {
        if (!day.date.startsWith(`${year}-`)) throw new RangeError(`calendar override ${day.date} is not in ${year}`);
      }
      await db.deleteFrom('calendar_overrides').where('date', '>=', `${year}-01-01`).where('date', '<=', `${year}-12-31`).execute();
      if (days.length > 0) {
        await db
          .insertInto('calendar_overrides')
          .values(days.map((d) => ({ date: d.date, kind: d.kind, reason: d.reason, set_by: setBy, set_at: toIso(at) })))
          .execute();
      }
      await upsertYear({ year, source: 'admin', note });
    },

    async setYear(year: CalendarYear): Promise<CalendarYear> {
      await upsertYear(year);
      return { ...year };
    },

    async removeYear(year: number): Promise<boolean> {
      const result = await db.deleteFrom('calendar_years').where('year', '=', year).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    /**
     * Every override and every known year, in one statement (the union of both tables): what a
     * working-day calendar is built from, read fresh where a deadline is computed.
     */
    async everything(): Promise<{ overrides: StoredCalendarOverride[]; years: CalendarYear[] }> {
      const none = sql<null>`null`;
      const rows = await db
        .selectFrom('calendar_overrides')
        .select(['date', 'kind', 'reason', 'set_by', 'set_at', none.as('year'), none.as('source'), none.as('note')])
        .$castTo<EitherRow>()
        .unionAll(
          db
            .selectFrom('calendar_years')
            .select([none.as('date'), none.as('kind'), none.as('reason'), none.as('set_by'), none.as('set_at'), 'year', 'source', 'note'])
            .$castTo<EitherRow>(),
        )
        .execute();
      const overrides: StoredCalendarOverride[] = [];
      const years: CalendarYear[] = [];
      for (const r of rows) {
        if (r.year !== null) years.push({ year: r.year, source: r.source as CalendarYear['source'], note: r.note });
        else if (r.date !== null) overrides.push(toOverride({ date: r.date, kind: r.kind!, reason: r.reason!, set_by: r.set_by!, set_at: r.set_at! }));
      }
      return { overrides: overrides.sort((a, b) => a.date.localeCompare(b.date)), years: years.sort((a, b) => a.year - b.year) };
    },

    async years(): Promise<CalendarYear[]> {
      const rows = await db.selectFrom('calendar_years').selectAll().orderBy('year').execute();
      return rows.map((r) => ({ year: r.year, source: r.source as CalendarYear['source'], note: r.note }));
    },
  };
}

function toOverride(row: CalendarOverrideRow): StoredCalendarOverride {
  return { date: row.date, kind: row.kind as DayKind, reason: row.reason, setBy: row.set_by, setAt: fromIso(row.set_at) };
}
