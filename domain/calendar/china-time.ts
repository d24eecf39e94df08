/**
 * China Standard Time (UTC+8). China has had no daylight saving since 1991, so a fixed offset is
 * exact and the host's TZ never matters.
 */
export const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The calendar day in China Standard Time as YYYY-MM-DD. */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a China calendar day (YYYY-MM-DD) begins. */
export function chinaDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - CHINA_OFFSET_MS);
}

/** '2026-10-09 17:30' in China time, for reasons and messages people read. */
export function formatChinaTime(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}
