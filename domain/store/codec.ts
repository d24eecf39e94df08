import type { Bool01, Iso, JsonText } from './schema.js';

/** toISOString throws on an invalid Date, so a bad instant fails before it reaches a row. */
export const toIso = (at: Date): Iso => at.toISOString();
export const toIsoOrNull = (at: Date | null | undefined): Iso | null => (at ? at.toISOString() : null);
export const fromIso = (text: Iso): Date => new Date(text);
export const fromIsoOrNull = (text: Iso | null): Date | null => (text === null ? null : new Date(text));

export const toBool01 = (value: boolean): Bool01 => (value ? 1 : 0);
export const toBool01OrNull = (value: boolean | null | undefined): Bool01 | null => (value === null || value === undefined ? null : toBool01(value));
export const fromBool01OrNull = (value: number | null): boolean | null => (value === null ? null : value === 1);

/** undefined has no JSON form; it is stored as null so every JSON column parses back. */
export const toJson = (value: unknown): JsonText => JSON.stringify(value ?? null);
export const fromJson = <T>(text: JsonText): T => JSON.parse(text) as T;
