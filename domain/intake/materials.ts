import type { CatalogueItem } from '../catalogue/types.js';

/**
 * The `materials` variable: one entry per material of the item the applicant handed in (window)
 * or declared (online), with how many originals (原件) and copies (复印件) the window took.
 */
export interface ReceivedMaterial {
  code: string;
  provided: boolean;
  originals?: number;
  copies?: number;
  note?: string;
}

export interface MaterialProblem {
  /** materials.<row>.<key>, or materials for the list as a whole */
  field: string;
  message: string;
}

export type MaterialsResult = { ok: true; materials: ReceivedMaterial[] } | { ok: false; errors: MaterialProblem[] };

const MAX_COUNT = 99;

/** Only the item's own materials, each once (no material unrelated to the item may be taken). */
export function readMaterials(raw: unknown, item: CatalogueItem): MaterialsResult {
  if (raw === undefined || raw === null) return { ok: true, materials: [] };
  if (!Array.isArray(raw)) return { ok: false, errors: [{ field: 'materials', message: '材料清单应为列表' }] };
  const known = new Map(item.materials.map((m) => [m.code, m.name]));
  const seen = new Set<string>();
  const errors: MaterialProblem[] = [];
  const materials = raw.map((entry: unknown, i): ReceivedMaterial => {
    const m = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const at = (key: string) => `materials.${i}.${key}`;
    const code = typeof m.code === 'string' ? m.code : '';
    if (!known.has(code)) errors.push({ field: at('code'), message: `${code || '（空）'} 不是“${item.name}”的申报材料` });
    else if (seen.has(code)) errors.push({ field: at('code'), message: `${known.get(code)} 重复登记` });
    seen.add(code);
    const provided = m.provided === true;
    const count = (key: 'originals' | 'copies', label: string): number | undefined => {
      const value = m[key];
      if (value === undefined || value === null) return undefined;
      if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > MAX_COUNT) {
        errors.push({ field: at(key), message: `${label}份数应为 0 至 ${MAX_COUNT} 的整数` });
        return undefined;
      }
      return value as number;
    };
    const originals = count('originals', '原件');
    const copies = count('copies', '复印件');
    if (!provided && ((originals ?? 0) > 0 || (copies ?? 0) > 0)) errors.push({ field: at('provided'), message: `${known.get(code) ?? code} 未勾选收取，不应填写份数` });
    const note = typeof m.note === 'string' ? m.note.trim() : '';
    if (note.length > 200) errors.push({ field: at('note'), message: '备注不能超过 200 个字' });
    return {
      code,
      provided,
      ...(originals === undefined ? {} : { originals }),
      ...(copies === undefined ? {} : { copies }),
      ...(note === '' ? {} : { note }),
    };
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, materials };
}
