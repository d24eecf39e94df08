import type { ApplicantKind } from '../store/index.js';

/** The notices of docs/procedures.md (`notice-issue`, header `kind`). */
export const NOTICE_KINDS = [
  'acceptance',
  'supplement',
  'refusal',
  'extension',
  'completion',
  'special-procedure',
  'forwarded',
  'complaint-reply',
  'complaint-delay',
  'not-accepted-redirect',
  'withdrawn',
] as const;

export type NoticeKind = (typeof NOTICE_KINDS)[number];

export function isNoticeKind(value: string): value is NoticeKind {
  return (NOTICE_KINDS as readonly string[]).includes(value);
}

/** A window, department or office, with where to find it in the hall: first-inquiry answers name the place. */
export interface Place {
  name: string;
  location?: string | null;
  phone?: string | null;
}

/** Whom the notice is addressed to; the ID number is printed masked. */
export interface Recipient {
  name: string;
  kind?: ApplicantKind;
  idNumber?: string | null;
  /** 统一社会信用代码 of a company or organisation: public, printed in full */
  creditCode?: string | null;
}

/** What every notice shows around its body. */
export interface NoticeHeader {
  /** the issuing center, e.g. 县政务服务中心 */
  centerName: string;
  number: string;
  issuedAt: Date;
  recipient: Recipient;
  /** a case notice */
  caseNumber?: string;
  /** a complaint notice */
  complaintNumber?: string;
  item?: { code: string; name: string };
  /** 办理窗口: where the applicant goes with this notice */
  window: Place;
}

/** One entry of the one-time list (一次性告知): a material missing or wrong, and why. */
export interface MissingMaterial {
  code: string;
  /** the catalogue's name of the material */
  name: string;
  /** 原件 / 复印件 and how many, from the catalogue */
  form?: string | null;
  reason: string;
  /** joint items: the department that needs it (the lead window lists every department's in one notice) */
  department?: Place | null;
}

/** A joint department's opinion, for the result of a joint case. */
export interface ReviewOpinion {
  department: string;
  decision: 'approve' | 'reject';
  opinion?: string | null;
  refusalReason?: string | null;
  /** the department did not answer in time and is taken as consenting (默许) */
  deemedConsent?: boolean;
}

/** Art. 45 procedures whose time is not counted (听证、招标、拍卖、检验、检测、检疫、鉴定、专家评审). */
/** One fee charged for a case (from case_fees), with what the catalogue publishes about it. */
export interface ChargedFee {
  code: string;
  name: string;
  /** the published unit price in fen, and its unit (件, 本, 证) */
  unitFen: number;
  unit?: string | null;
  quantity: number;
  amountFen: number;
  /** 收费依据 */
  basis: string;
  /** waived (减免) with the window head's approval: not collected */
  waived?: boolean;
}

export type SpecialProcedure = 'hearing' | 'tendering' | 'auction' | 'testing' | 'inspection' | 'quarantine' | 'appraisal' | 'expert-review';

/** The variables each kind of notice adds to the header. */
export interface NoticeVariables {
  acceptance: {
    receivedAt: Date;
    acceptedAt: Date;
    promisedDays: number;
    dueAt: Date | null;
    /** Art. 32: nobody told the applicant what was missing within 5 working days, so receipt counts as acceptance */
    acceptedAsOfReceipt: boolean;
    /** a reported case (上报件): the center forwards it within dueAt and the higher level decides, its time not counted */
    forwardToHigherLevel?: boolean;
  };
  supplement: {
    receivedAt: Date;
    missing: MissingMaterial[];
    /** working days the notice stays valid */
    supplementDays: number;
    fixedOnSpot?: string | null;
    /** a later notice of the same application: it concerns only what the supplement to this one brought (一次性告知) */
    previousNotice?: { number: string; issuedAt: Date } | null;
    /** issued during the review of an accepted case: the acceptance instant */
    acceptedAt?: Date | null;
  };
  refusal: {
    reason: string;
    /** where to go instead; null when the matter belongs nowhere else (e.g. no licence is needed) */
    redirectTo: Place | null;
  };
  extension: {
    extensionDays: number;
    extensionReason: string;
    /** the new deadline */
    dueAt: Date;
  };
  completion: {
    decision: 'approve' | 'reject';
    completedAt: Date;
    /** 办理结果 of the item (e.g. 营业执照), for an approval */
    result?: string | null;
    opinion?: string | null;
    refusalReason?: string | null;
    /** joint cases: every department's opinion */
    reviews?: ReviewOpinion[];
    /** an approval: the fees charged under the published standard; empty for an item that charges nothing, absent when not assessed */
    fees?: ChargedFee[];
  };
  'special-procedure': {
    /** when the clock stopped */
    suspendedSince: Date;
    /** the procedure, when already known */
    procedure?: SpecialProcedure | null;
  };
  forwarded: {
    forwardedAt: Date;
  };
  'complaint-reply': {
    receivedAt: Date;
    replyText: string;
  };
  'complaint-delay': {
    receivedAt: Date;
    delayReason: string;
    /** the reply date that could not be kept */
    replyDueAt?: Date | null;
  };
  'not-accepted-redirect': {
    reason: string;
    redirectTo: Place;
  };
  withdrawn: {
    receivedAt: Date;
    /** the 补齐申请材料通知书 whose validity passed */
    supplementNotice: { number: string; issuedAt: Date; supplementDays: number | null } | null;
    /** when the validity was found passed */
    expiredAt: Date;
  };
}

export type NoticeData<K extends NoticeKind> = NoticeHeader & NoticeVariables[K];

export interface RenderedNotice {
  title: string;
  /** a complete printable page (zh-CN, A4) */
  html: string;
  /** the same content as plain text, for e-mail bodies and the in-app message */
  text: string;
}
