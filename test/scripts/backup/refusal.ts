import { expect } from 'chai';
import { BackupError, type BackupErrorCode } from '../../../scripts/backup/errors.js';

/** The BackupError `promise` rejects with, checked to carry `code`; anything else fails the test. */
export async function refusal(promise: Promise<unknown>, code: BackupErrorCode): Promise<BackupError> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    expect(error.code, error.message).to.equal(code);
    return error;
  }
  throw new Error(`expected a BackupError ${code}, but the call succeeded`);
}
