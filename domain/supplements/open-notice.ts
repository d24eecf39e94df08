import { isFinishedCaseStatus, type Case, type CaseEvent, type Notice } from '../store/index.js';

/**
 * The supplement notice (补齐申请材料通知书) a case waits on, read from the records the workers
 * keep: the latest supplement notice of the case, unless the case has finished or its clock has
 * resumed since (the notice was answered, at the window or online). Its validity is the
 * 补正期限 deadline-set recorded after it.
 */

/** One material the notice asks for, as printed on it. */
export interface RequestedMaterial {
  code: string;
  name: string;
  /** 原件/复印件 and how many */
  form: string | null;
  reason: string;
}

export interface SupplementRequest {
  notice: Notice;
  materials: RequestedMaterial[];
  /** the end of the notice's validity; null until deadline-set has recorded it */
  validUntil: Date | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** What a supplement notice asks for, from the data it was rendered from. */
export function requestedMaterials(notice: Notice): RequestedMaterial[] {
  const missing = (notice.data as { missing?: unknown } | null)?.missing;
  if (!Array.isArray(missing)) return [];
  return missing.flatMap((m: Record<string, unknown>) => {
    const code = str(m.code);
    return code === null ? [] : [{ code, name: str(m.name) ?? code, form: str(m.form), reason: str(m.reason) ?? '' }];
  });
}

/** The latest supplement notice of the case, with its list and validity; undefined when it has none. */
export function latestSupplementRequest(notices: Notice[], events: CaseEvent[]): SupplementRequest | undefined {
  const notice = notices.filter((n) => n.kind === 'supplement').at(-1);
  if (!notice) return undefined;
  const deadline = events.find((e) => e.kind === 'deadline-set' && e.at >= notice.createdAt && (e.detail as { deadline?: unknown } | null)?.deadline === 'supplement');
  const dueAt = str((deadline?.detail as { dueAt?: unknown } | undefined)?.dueAt);
  return { notice, materials: requestedMaterials(notice), validUntil: dueAt === null ? null : new Date(dueAt) };
}

/** Whether the case still waits on that notice: not finished, and its clock not resumed since it was issued. */
export function isAwaitingSupplement(theCase: Case, request: SupplementRequest, events: CaseEvent[]): boolean {
  if (isFinishedCaseStatus(theCase.status)) return false;
  return !events.some((e) => e.kind === 'clock-resumed' && e.at >= request.notice.createdAt);
}
