import { CHINA_OFFSET_MS } from '../calendar/china-time.js';

/** Dates on notices are China Standard Time (UTC+8, no daylight saving), written the Chinese way. */

function chinaParts(at: Date): { y: number; m: number; d: number; hh: string; mm: string } {
  const t = new Date(at.getTime() + CHINA_OFFSET_MS);
  return {
    y: t.getUTCFullYear(),
    m: t.getUTCMonth() + 1,
    d: t.getUTCDate(),
    hh: String(t.getUTCHours()).padStart(2, '0'),
    mm: String(t.getUTCMinutes()).padStart(2, '0'),
  };
}

/** 2026年10月9日 */
export function chinaDate(at: Date): string {
  const { y, m, d } = chinaParts(at);
  return `${y}年${m}月${d}日`;
}

/** 2026年10月9日17:30 */
export function chinaDateTime(at: Date): string {
  const { hh, mm } = chinaParts(at);
  return `${chinaDate(at)}${hh}:${mm}`;
}

/** 80.00 (元) from 8000 fen */
export function yuan(fen: number): string {
  return (fen / 100).toFixed(2);
}
