import type { AbsenceKind } from '../../domain/store/index.js';

/** The words for an absence's kind, for the reason the inbox shows and the case file's note. */
export const ABSENCE_KIND_LABELS: Record<AbsenceKind, string> = { leave: '请假', training: '培训', 'business-trip': '出差' };
