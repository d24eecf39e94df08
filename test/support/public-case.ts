import { hashVerificationCode } from '../../domain/privacy/verification-code.js';
import type { Case, Complaint, Store } from '../../domain/store/index.js';

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

/** An online complaint by 王五 about the 公安 window, just registered, that `code` looks up; no engine involved. */
export async function registeredComplaintWithCode(store: Store, code: string): Promise<Complaint> {
  return store.complaints.create({
    channel: 'online',
    groundCategory: 1,
    groundItem: '1.3',
    complainant: { name: '王五', phone: '13812345678' },
    targetDepartmentCode: 'GA',
    content: '办理身份证换领时窗口先后三次要求补交不同材料。',
    verificationHash: await hashVerificationCode(code),
  });
}
