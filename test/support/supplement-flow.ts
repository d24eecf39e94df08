import { awaitChild, ORGANISATION, startCase } from './case-flow.js';
import type { Scenario } from './scenario.js';

/** A promised case (社会团体成立登记, MZ-002) driven to its open supplement notice, and what the applicant needs to answer it. */

/** What the one-time notice of supplementedCase asks for. */
export const MISSING = [
  { code: 'sponsor-approval', reason: '未提交业务主管单位的批准文件' },
  { code: 'meeting-minutes', reason: '未提交发起人会议纪要' },
];

/** A small valid PDF, JPEG and PNG, and a text file that only calls itself a PDF. */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
export const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a3f8a1750000000049454e44ae426082', 'hex');
export const NOT_A_PDF = Buffer.from('MZ\x90\x00 this is an executable pretending to be a PDF');

/** The code the applicant was sent in-app with the receipt (case-register). */
export function codeSentTo(h: Scenario, recipient: string): Promise<string> {
  return h.until(`the code sent to ${recipient}`, async () => {
    const receipt = (await h.store.outbox.forRecipient(recipient, 'inapp')).find((m) => /查询码：\d{6}/.test(m.body));
    return receipt && /查询码：(\d{6})/.exec(receipt.body)![1];
  });
}

export interface WaitingCase {
  key: string;
  caseNumber: string;
  code: string;
  /** the supplement sub-process waiting for the supplement */
  child: string;
}

export async function caseAwaitingSupplement(h: Scenario): Promise<WaitingCase> {
  const item = (await h.store.catalogue.getItem('MZ-002'))!;
  const handedIn = ['application', 'charter', 'capital-proof', 'leader-info'];
  const { key, caseNumber } = await startCase(h, 'promised-case', {
    itemCode: 'MZ-002',
    applicant: ORGANISATION,
    materials: item.materials.map((m) => ({ code: m.code, provided: handedIn.includes(m.code) })),
  });
  await h.complete(await h.task('materialCheck', { processInstanceKey: key }), {
    verifiedMaterials: ['application', 'charter', 'leader-info'],
    materialsComplete: false,
    missing: MISSING,
    fixedOnSpot: '',
  });
  await h.complete(await h.task('confirmNotice'), { noticeDelivery: 'online', supplementDays: 10, noticeNote: '', notifiedOnce: true });
  const child = await awaitChild(h, key, 'supplement', 'supplementDueAt');
  return { key, caseNumber, code: await codeSentTo(h, `case:${caseNumber}`), child };
}
