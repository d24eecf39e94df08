/** How the public and supervision pages write instants and money: China time (the center’s), whatever the browser’s zone. */
import { formatDateTime } from './format.js';

/** 2026-11-02 10:00 (China time); '—' for none */
export const chinaDateTime = (iso: string | null | undefined): string => formatDateTime(iso) || '—';

/** 8000 fen → 80.00 元 */
export const yuan = (fen: number): string => `${(fen / 100).toFixed(2)} 元`;

/** 0.6667 → 66.67%; '—' for a rate without a denominator */
export const percent = (rate: number | null): string => (rate === null ? '—' : `${(rate * 100).toFixed(2)}%`);
