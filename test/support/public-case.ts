import { hashVerificationCode } from '../../domain/privacy/verification-code.js';
import type { Case, Store } from '../../domain/store/index.js';

/** 社会团体成立登记 (MZ-002) by 县书法家协会, just registered, that `code` looks up; no engine involved. */
export async function registeredCaseWithCode(store: Store, code: string): Promise<Case> {
  return store.cases.create({
    itemCode: 'MZ-002',
    caseType: 'promised',
    departmentCode: 'MZ',
    applicant: { kind: 'organisation', name: '县书法家协会', idNumber: null, phone: '13900139000', email: null },
    actor: 'test',
    verificationHash: await hashVerificationCode(code),
  });
}
