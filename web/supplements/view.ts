import { SCAN_STATUS_LABELS, type ScanStatus } from '../../domain/supplements/virus-scan.js';
import type { CaseSupplement, Store, SupplementFile } from '../../domain/store/index.js';
import type { SupplementRequest } from '../../domain/supplements/open-notice.js';

/** The open notice and the supplements of a case as the API shows them, to the applicant and to staff. */

export function requestBody(request: SupplementRequest) {
  return {
    noticeNumber: request.notice.number,
    issuedAt: request.notice.createdAt.toISOString(),
    validUntil: request.validUntil?.toISOString() ?? null,
    materials: request.materials,
  };
}

const fileBody = (f: SupplementFile, href: string | null) => ({
  id: f.id,
  materialCode: f.materialCode,
  name: f.fileName,
  contentType: f.contentType,
  size: f.size,
  scanStatus: f.scanStatus,
  scanLabel: SCAN_STATUS_LABELS[f.scanStatus as ScanStatus] ?? f.scanStatus,
  ...(href === null ? {} : { href }),
});

/**
 * The supplements with their files; `staff` adds who took them and where each file downloads.
 * The applicant sees their own submission without the clerk's name.
 */
export async function suppliedBodies(store: Store, supplements: CaseSupplement[], noticeNumbers: Map<string, string>, staff: boolean) {
  const files = await store.supplements.files(supplements.map((s) => s.id));
  return Promise.all(
    supplements.map(async (s) => ({
      noticeNumber: noticeNumbers.get(s.noticeId) ?? '',
      channel: s.channel,
      at: s.createdAt.toISOString(),
      ...(staff ? { actor: s.actor, actorName: s.channel === 'window' ? ((await store.staff.getStaff(s.actor))?.name ?? s.actor) : null } : {}),
      materials: s.materials,
      files: files.filter((f) => f.supplementId === s.id).map((f) => fileBody(f, staff ? `/api/supplement-files/${f.id}` : null)),
    })),
  );
}
