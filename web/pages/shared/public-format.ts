/** How the public and supervision pages write instants, days and money: China time (the center’s), whatever the browser’s zone. */

const parts = (iso: string, options: Intl.DateTimeFormatOptions): Record<string, string> =>
  Object.fromEntries(
    new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hourCycle: 'h23', ...options })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );

/** 2026-11-02 10:00 (China time); '—' for none */
export function chinaDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const p = parts(iso, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** 2026-11-02 (China time); '—' for none */
export function chinaDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const p = parts(iso, { year: 'numeric', month: '2-digit', day: '2-digit' });
  return `${p.year}-${p.month}-${p.day}`;
}

/** 8000 fen → 80.00 元 */
export const yuan = (fen: number): string => `${(fen / 100).toFixed(2)} 元`;

/** 0.6667 → 66.67%; '—' for a rate without a denominator */
export const percent = (rate: number | null): string => (rate === null ? '—' : `${(rate * 100).toFixed(2)}%`);
