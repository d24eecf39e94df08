import type { CatalogueItem, Department } from '../../domain/catalogue/types.js';
import type { ReceivedMaterial } from '../../domain/intake/materials.js';
import type { Channel } from '../../domain/intake/registration-message.js';
import { maskIdNumber, maskPhone } from '../../domain/privacy/mask.js';
import type { Case } from '../../domain/store/index.js';
import { CASE_TYPE_LABELS } from '../api/public.js';

/**
 * 收件回执: what the applicant takes home, on screen and printed, at the window and online alike.
 * It carries the case number and the verification code (the only place the code is ever shown),
 * the item and where it is handled, what was received, the promised time and how to look the
 * case up. Personal numbers are masked: a receipt gets left on counters.
 */
export interface Receipt {
  centerName: string;
  caseNumber: string;
  verificationCode: string;
  /** a repeated registration request gave a new code; the one printed before no longer opens the case */
  reissued: boolean;
  registeredAt: string;
  channel: Channel;
  channelLabel: string;
  /** the clerk who took the materials; null online */
  registeredBy: string | null;
  applicant: { kind: string; name: string; identifier: string | null; phone: string | null; contact: string | null };
  item: { code: string; name: string; caseTypeLabel: string };
  department: { code: string; name: string; location: string };
  window: string;
  phone: string | null;
  materials: Array<{ code: string; name: string; form: string | null; provided: boolean; originals: number | null; copies: number | null; note: string | null }>;
  timeLimit: { promisedDays: number; text: string };
  lookup: { path: string; text: string };
}

export function receiptOf(input: {
  theCase: Case;
  code: string;
  reissued: boolean;
  item: CatalogueItem;
  department: Department | undefined;
  materials: ReceivedMaterial[];
  channel: Channel;
  registeredBy: string | null;
  centerName: string;
}): Receipt {
  const { theCase, item } = input;
  const received = new Map(input.materials.map((m) => [m.code, m]));
  const applicant = theCase.applicant;
  return {
    centerName: input.centerName,
    caseNumber: theCase.caseNumber,
    verificationCode: input.code,
    reissued: input.reissued,
    registeredAt: theCase.receivedAt.toISOString(),
    channel: input.channel,
    channelLabel: input.channel === 'online' ? '网上申报' : '窗口收件',
    registeredBy: input.registeredBy,
    applicant: {
      kind: applicant.kind,
      name: applicant.name,
      identifier: applicant.idNumber === null ? null : maskIdNumber(applicant.idNumber),
      phone: applicant.phone === null ? null : maskPhone(applicant.phone),
      contact: applicant.contact ?? null,
    },
    item: { code: item.code, name: item.name, caseTypeLabel: CASE_TYPE_LABELS[item.caseType] ?? item.caseType },
    department: input.department ? { code: input.department.code, name: input.department.name, location: input.department.location } : { code: item.departmentCode, name: item.departmentCode, location: item.window },
    window: item.window,
    phone: item.phone ?? null,
    // every material of the item, so the receipt also shows what was not handed in
    materials: item.materials.map((m) => {
      const got = received.get(m.code);
      return {
        code: m.code,
        name: m.name,
        form: m.form ?? null,
        provided: got?.provided ?? false,
        originals: got?.originals ?? null,
        copies: got?.copies ?? null,
        note: got?.note ?? null,
      };
    }),
    timeLimit: { promisedDays: item.promisedDays, text: item.promisedDays === 0 ? '即办件：材料齐全的当场办结' : `承诺 ${item.promisedDays} 个工作日内办结（自受理之日起，不含法定节假日及补正材料等不计时的时间）` },
    lookup: {
      path: '/lookup',
      text: `凭办件编号和查询码，在本中心网站“办件查询”（/lookup）查询办理进度、查看通知书和评价服务${item.phone ? `；咨询电话 ${item.phone}` : ''}。`,
    },
  };
}
