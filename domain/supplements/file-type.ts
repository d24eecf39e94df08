/**
 * The kinds of file an applicant may hand in online, told apart by their first bytes (magic
 * numbers), never by the name or the type the browser declared: a renamed executable stays an
 * executable whatever it is called.
 */

export const SUPPLEMENT_FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;

export type SupplementFileType = (typeof SUPPLEMENT_FILE_TYPES)[number];

export const FILE_TYPE_LABELS: Record<SupplementFileType, string> = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' };

const SIGNATURES: ReadonlyArray<{ type: SupplementFileType; bytes: readonly number[] }> = [
  // %PDF-
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  // SOI marker followed by the start of the next marker
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  // \x89PNG\r\n\x1a\n
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

/** The longest signature: how many leading bytes detection needs. */
export const SIGNATURE_BYTES = Math.max(...SIGNATURES.map((s) => s.bytes.length));

/** The file's type from its content, or undefined when it is none of the accepted kinds. */
export function detectFileType(head: Uint8Array): SupplementFileType | undefined {
  return SIGNATURES.find((s) => s.bytes.every((b, i) => head[i] === b))?.type;
}
