/**
 * How much an applicant may upload with one supplement (补正材料): enough for a few scanned
 * pages per material, small enough that one submission held in memory while it is checked never
 * strains the app. Documented for applicants on /lookup and in the API document.
 */
export const SUPPLEMENT_LIMITS = {
  /** one file */
  fileBytes: 10 * 1024 * 1024,
  /** files per material */
  filesPerMaterial: 5,
  /** all files of one submission together */
  totalBytes: 30 * 1024 * 1024,
  /** the declaration (补正说明) per material */
  declarationChars: 500,
  /** a file name as kept and shown */
  fileNameChars: 200,
} as const;

export const MEGABYTE = 1024 * 1024;

/** The limits in words, for messages and page hints. */
export const LIMITS_TEXT = `PDF、JPEG、PNG 格式，单个文件不超过 ${SUPPLEMENT_LIMITS.fileBytes / MEGABYTE} MB，每项材料最多 ${SUPPLEMENT_LIMITS.filesPerMaterial} 个文件，合计不超过 ${SUPPLEMENT_LIMITS.totalBytes / MEGABYTE} MB`;
