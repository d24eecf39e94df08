export type BackupErrorCode =
  /** a database to back up does not exist (or is ':memory:') */
  | 'SOURCE_MISSING'
  /** a database to back up exists but SQLite cannot read it */
  | 'SOURCE_UNREADABLE'
  | 'TARGET_NOT_EMPTY'
  | 'TARGET_NOT_WRITABLE'
  /** pg_dump or pg_restore is not on PATH */
  | 'TOOL_MISSING'
  /** pg_dump or pg_restore ran and failed; the message carries its stderr */
  | 'TOOL_FAILED'
  /** a fresh copy failed SQLite's integrity_check */
  | 'INTEGRITY_FAILED'
  | 'MANIFEST_INVALID'
  | 'CHECKSUM_MISMATCH'
  /** a database the restore would replace is open in another connection: the system runs */
  | 'SYSTEM_RUNNING'
  /** a database the restore would replace exists and --force was not given */
  | 'DESTINATION_EXISTS'
  /** the backup was taken with a configuration the current one cannot take (engine mode, store kind, schema) */
  | 'CONFIG_MISMATCH';

/** Why a backup or restore stopped; `code` is stable, the message says what to do. */
export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    message: string,
    options?: { cause: unknown },
  ) {
    super(message, options);
    this.name = 'BackupError';
  }
}
