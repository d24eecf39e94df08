/**
 * A case's calendar flag, 'unknown-year:2027' or 'unknown-year:2027,2028': the years one of its
 * deadlines touched without a published schedule (docs/decisions/0002-working-day-calendar.md).
 */

const PREFIX = 'unknown-year:';

/** The years a flag names; none for no flag (or a flag of another kind). */
export function unknownYearsOf(flag: string | null): number[] {
  return flag?.startsWith(PREFIX) ? flag.slice(PREFIX.length).split(',').map(Number) : [];
}

/** The flag naming these years, or null for none. */
export function unknownYearFlag(years: Iterable<number>): string | null {
  const sorted = [...new Set(years)].sort((a, b) => a - b);
  return sorted.length === 0 ? null : PREFIX + sorted.join(',');
}
