import type { GroundCategory } from '../store/index.js';

/**
 * The complaint grounds of 第二条, as the complaint-registration form offers them
 * (`<category>.<item>`), with the store's numbering (category 1–5, item '1.3') and the wording
 * used in records and notices.
 */
export interface Ground {
  code: string;
  category: GroundCategory;
  /** '1.3': the third item of category one */
  item: string;
  label: string;
}

const CATEGORIES: Array<{ key: string; label: string; items: Array<[string, string]> }> = [
  {
    key: 'poor-service',
    label: '不热情服务',
    items: [
      ['rude', '作风生硬，态度粗暴，语言不文明'],
      ['cannot-answer', '不能及时准确地解答咨询'],
      ['not-told-at-once', '未一次性告知所需材料，造成多次往返'],
      ['error-not-corrected', '办件差错不及时改正并赔礼道歉'],
    ],
  },
  {
    key: 'rule-breaking',
    label: '不按办事规则办事',
    items: [
      ['refused-complete-application', '材料齐全故意不受理'],
      ['immediate-as-promised', '即办件按承诺件受理'],
      ['promised-overdue', '承诺件超时未办结'],
      ['arbitrary-return', '随意退件'],
    ],
  },
  {
    key: 'fees',
    label: '不按规定收费',
    items: [
      ['over-standard', '超公示标准收费'],
      ['add-on', '擅自搭车收费'],
      ['no-receipt', '收费不开正式票据'],
      ['unauthorised-waiver', '擅自减、免、缓规费'],
    ],
  },
  {
    key: 'integrity',
    label: '不廉洁',
    items: [
      ['abuse-of-power', '不给好处不办事，利用审批权谋取私利'],
      ['favours', '吃、拿、卡、要'],
    ],
  },
  {
    key: 'other',
    label: '其它',
    items: [
      ['objection', '对窗口工作人员处理事项有异议'],
      ['dissatisfied', '其他不满意的人和事'],
    ],
  },
];

export const GROUNDS: readonly Ground[] = CATEGORIES.flatMap((category, c) =>
  category.items.map(([key, label], i) => ({
    code: `${category.key}.${key}`,
    category: (c + 1) as GroundCategory,
    item: `${c + 1}.${i + 1}`,
    label: `${category.label}：${label}`,
  })),
);

export function groundByCode(code: string): Ground | undefined {
  return GROUNDS.find((g) => g.code === code);
}

export function groundByItem(item: string): Ground | undefined {
  return GROUNDS.find((g) => g.item === item);
}

/** 不廉洁 (第二条 四): favours for service (吃拿卡要) and abuse of approval power. */
const INTEGRITY_CATEGORY: GroundCategory = 4;

/**
 * Integrity complaints go to discipline inspection (第五条): no other route may handle them, least
 * of all the agency the complaint is about.
 */
export function mustGoToDiscipline(ground: { category: GroundCategory } | undefined): boolean {
  return ground?.category === INTEGRITY_CATEGORY;
}
