import type { Block } from './document.js';
import { chinaDate, chinaDateTime, yuan } from './format.js';
import type { ChargedFee, MissingMaterial, NoticeData, NoticeKind, Place, SpecialProcedure } from './types.js';

/** What varies between kinds: the title, the letters of the number, and the body. */
interface KindSpec<K extends NoticeKind> {
  title: string;
  /** notice numbers read prefix + China day + sequence, e.g. BZ20261126-0003 */
  numberPrefix: string;
  body(data: NoticeData<K>): Block[];
}

const SPECIAL_PROCEDURES: Record<SpecialProcedure, string> = {
  hearing: '听证',
  tendering: '招标',
  auction: '拍卖',
  testing: '检验',
  inspection: '检测',
  quarantine: '检疫',
  appraisal: '鉴定',
  'expert-review': '专家评审',
};

function place(p: Place): string {
  return [p.name, p.location ? `（${p.location}）` : '', p.phone ? `，电话${p.phone}` : ''].join('');
}

/** A reported case (上报件) is forwarded to the higher level within this many working days of acceptance. */
export const FORWARD_WORKING_DAYS = 3;

/** The fees of an approval, each with its standard and basis, and the total to pay against an official receipt. */
function feeBlocks(fees: ChargedFee[]): Block[] {
  const total = fees.filter((f) => !f.waived).reduce((sum, f) => sum + f.amountFen, 0);
  return [
    { type: 'heading', text: '收费项目' },
    {
      type: 'table',
      columns: ['序号', '收费项目', '收费标准', '数量', '金额（元）', '收费依据'],
      rows: fees.map((f, i) => [
        String(i + 1),
        f.name,
        `${yuan(f.unitFen)}元${f.unit ? '/' + f.unit : ''}`,
        String(f.quantity),
        f.waived ? `${yuan(f.amountFen)}（已依规减免）` : yuan(f.amountFen),
        f.basis,
      ]),
    },
    {
      type: 'paragraph',
      strong: true,
      text: `合计应缴${yuan(total)}元。以上费用按公布的收费标准收取，缴费时出具财政部门统一监制的正式票据；除上述项目外，不收取任何其他费用。`,
    },
  ];
}

function subject(data: { item?: { name: string } }): string {
  return data.item ? `“${data.item.name}”` : '';
}

/** Groups the one-time list by department for a joint case, in order of first mention; one group otherwise. */
function byDepartment(missing: MissingMaterial[]): { department: Place | null; entries: MissingMaterial[] }[] {
  const groups: { department: Place | null; entries: MissingMaterial[] }[] = [];
  for (const entry of missing) {
    const key = entry.department?.name ?? null;
    const group = groups.find((g) => (g.department?.name ?? null) === key);
    if (group) group.entries.push(entry);
    else groups.push({ department: entry.department ?? null, entries: [entry] });
  }
  return groups;
}

export const KINDS: { [K in NoticeKind]: KindSpec<K> } = {
  acceptance: {
    title: '受理通知书',
    numberPrefix: 'SL',
    body: (d) => [
      {
        type: 'paragraph',
        text: d.acceptedAsOfReceipt
          ? `你（单位）于${chinaDate(d.receivedAt)}提出的${subject(d)}申请，本中心未在收到申请材料之日起5个工作日内一次性告知需要补正的全部内容。依照《中华人民共和国行政许可法》第三十二条，自收到申请材料之日起即为受理。`
          : `你（单位）于${chinaDate(d.receivedAt)}提出的${subject(d)}申请，申请材料齐全、符合法定形式，本中心决定予以受理，受理日期为${chinaDate(d.acceptedAt)}。`,
      },
      d.forwardToHigherLevel
        ? {
            type: 'paragraph',
            strong: true,
            text: `本事项须报上级机关决定。本中心自受理之日起${FORWARD_WORKING_DAYS}个工作日内${d.dueAt ? `（${chinaDateTime(d.dueAt)}前）` : ''}完成初审并上报上级机关；上级机关审批所需时间不计算在本中心的办理时限内，本窗口收到上级机关的决定后即书面告知你（单位）办理结果。`,
          }
        : d.dueAt
        ? {
            type: 'paragraph',
            strong: true,
            text: `本事项承诺办结时限为${d.promisedDays}个工作日（法定节假日不计），将于${chinaDateTime(d.dueAt)}前办结。需要补正材料或者依法进行听证、检验、检测、鉴定、专家评审等的时间不计算在内，届时另行书面告知。`,
          }
        : { type: 'paragraph', strong: true, text: `本事项承诺办结时限为${d.promisedDays}个工作日（法定节假日不计）。` },
      { type: 'paragraph', text: '你可凭办件编号和查询码在本中心网站或服务窗口查询办理进度。' },
    ],
  },

  supplement: {
    title: '补齐申请材料通知书',
    numberPrefix: 'BZ',
    body: (d) => {
      const groups = byDepartment(d.missing);
      const joint = groups.some((g) => g.department !== null);
      const blocks: Block[] = [
        { type: 'paragraph', text: supplementIntro(d) },
      ];
      let n = 0;
      for (const group of groups) {
        if (joint) blocks.push({ type: 'heading', text: group.department ? place(group.department) : '其他' });
        blocks.push({
          type: 'table',
          columns: ['序号', '材料名称', '要求', '需补正的原因'],
          rows: group.entries.map((m) => [String(++n), m.name, m.form ?? '', m.reason]),
        });
      }
      if (d.fixedOnSpot) blocks.push({ type: 'paragraph', text: `已当场更正的内容：${d.fixedOnSpot}` });
      blocks.push(
        {
          type: 'paragraph',
          strong: true,
          text: `${d.acceptedAt ? '以上为审查中需要补正的全部材料' : d.previousNotice ? '以上为补正材料中仍需补正的全部内容' : '以上为本次申请需要补正的全部材料'}，本中心不再要求补正其他材料。请自本通知书送达之日起${d.supplementDays}个工作日内补齐；逾期未补齐的，视为撤回申请。`,
        },
        {
          type: 'paragraph',
          text: d.acceptedAt
            ? '自本通知书送达之日起至补正材料送达之日止的期间不计算在承诺办结时限内；材料补齐后，办理时限继续计算，办结期限相应顺延，本中心将另行告知。'
            : '补正材料期间不计算在承诺办结时限内；材料补齐后，办理时限继续计算。',
        },
      );
      return blocks;
    },
  },

  refusal: {
    title: '不予受理通知书',
    numberPrefix: 'BY',
    body: (d) => [
      { type: 'paragraph', text: `你（单位）提出的${subject(d)}申请，经审查，本中心决定不予受理。` },
      { type: 'paragraph', strong: true, text: `不予受理的理由：${d.reason}` },
      d.redirectTo
        ? { type: 'paragraph', strong: true, text: `请向${place(d.redirectTo)}提出申请或者咨询。` }
        : { type: 'paragraph', text: '如有疑问，请向本通知书所列办理窗口咨询。' },
      { type: 'paragraph', text: '你（单位）如对本决定不服，可以依法申请行政复议或者提起行政诉讼。' },
    ],
  },

  extension: {
    title: '延期办理告知书',
    numberPrefix: 'YQ',
    body: (d) => [
      {
        type: 'paragraph',
        text: `你（单位）的${subject(d)}申请，因${d.extensionReason}，不能在承诺时限内办结。经本窗口负责人批准，依照《中华人民共和国行政许可法》第四十二条，办理时限延长${d.extensionDays}个工作日。`,
      },
      { type: 'paragraph', strong: true, text: `延长后的办结时限为${chinaDateTime(d.dueAt)}。` },
    ],
  },

  completion: {
    title: '办结通知书',
    numberPrefix: 'BJ',
    body: (d) => {
      const blocks: Block[] = [];
      const reason = d.refusalReason ?? d.opinion ?? null;
      if (d.decision === 'approve') {
        blocks.push({ type: 'paragraph', text: `你（单位）的${subject(d)}申请已于${chinaDate(d.completedAt)}办结，准予许可（办理）。` });
        if (d.result) blocks.push({ type: 'paragraph', strong: true, text: `办理结果：${d.result}。请携带本通知书和有效身份证件到办理窗口领取，或按约定方式送达。` });
        if (d.fees && d.fees.length > 0) blocks.push(...feeBlocks(d.fees));
        else if (d.fees) blocks.push({ type: 'paragraph', text: '本事项不收取任何费用。' });
      } else {
        // a refusal without reasons is a red-card breach, so a notice without one is never produced
        if (!reason) throw new TypeError(`notice ${d.number}: a refusal needs refusalReason or opinion`);
        blocks.push({ type: 'paragraph', text: `你（单位）的${subject(d)}申请已于${chinaDate(d.completedAt)}办结，经审查，决定不予许可（办理）。` });
        blocks.push({ type: 'paragraph', strong: true, text: `理由：${reason}` });
      }
      if (d.opinion && (d.decision === 'approve' || d.opinion !== reason)) blocks.push({ type: 'paragraph', text: `审查意见：${d.opinion}` });
      if (d.reviews && d.reviews.length > 0) {
        blocks.push({ type: 'heading', text: '联办部门意见' });
        blocks.push({
          type: 'table',
          columns: ['序号', '部门', '意见'],
          rows: d.reviews.map((r, i) => [
            String(i + 1),
            r.department,
            r.deemedConsent ? '逾期未答复，视为同意' : r.decision === 'approve' ? `同意${r.opinion ? '：' + r.opinion : ''}` : `不同意：${r.refusalReason ?? r.opinion ?? ''}`,
          ]),
        });
      }
      if (d.decision === 'reject') blocks.push({ type: 'paragraph', text: '你（单位）如对本决定不服，可以依法申请行政复议或者提起行政诉讼。' });
      blocks.push({ type: 'paragraph', text: '欢迎对本次服务进行评价（非常满意、满意、基本满意、不满意、非常不满意）。' });
      return blocks;
    },
  },

  'special-procedure': {
    title: '特别程序告知书',
    numberPrefix: 'TB',
    body: (d) => [
      {
        type: 'paragraph',
        text: d.procedure
          ? `你（单位）的${subject(d)}申请，依法需要进行${SPECIAL_PROCEDURES[d.procedure]}。`
          : `你（单位）的${subject(d)}申请，依法需要进行听证、招标、拍卖、检验、检测、检疫、鉴定或者专家评审等特别程序。`,
      },
      {
        type: 'paragraph',
        strong: true,
        text: `依照《中华人民共和国行政许可法》第四十五条，自${chinaDate(d.suspendedSince)}起，特别程序所需时间不计算在办理时限内。特别程序结束后继续计算办理时限，办结时限相应顺延。`,
      },
    ],
  },

  forwarded: {
    title: '上报告知书',
    numberPrefix: 'SB',
    body: (d) => [
      { type: 'paragraph', text: `你（单位）的${subject(d)}申请，依规定须由上级机关决定，已于${chinaDate(d.forwardedAt)}上报（本中心承诺自受理之日起${FORWARD_WORKING_DAYS}个工作日内上报）。` },
      { type: 'paragraph', strong: true, text: '上级机关审批所需时间不计算在本中心的办理时限内。本窗口继续负责跟踪办理，收到上级机关的决定后即书面告知你（单位）办理结果。' },
    ],
  },

  'complaint-reply': {
    title: '投诉答复书',
    numberPrefix: 'TD',
    body: (d) => [
      { type: 'paragraph', text: `你于${chinaDate(d.receivedAt)}提出的投诉已收悉。经调查核实，现答复如下：` },
      { type: 'paragraph', text: d.replyText },
      { type: 'paragraph', text: '感谢你对政务服务工作的监督。如对本答复有异议，可向本中心投诉处反映。' },
    ],
  },

  'complaint-delay': {
    title: '延期答复告知书',
    numberPrefix: 'TY',
    body: (d) => [
      {
        type: 'paragraph',
        text: `你于${chinaDate(d.receivedAt)}提出的投诉，本中心承诺于${d.replyDueAt ? chinaDate(d.replyDueAt) : '5个工作日内'}前答复，现因以下原因不能按期答复：`,
      },
      { type: 'paragraph', strong: true, text: d.delayReason },
      { type: 'paragraph', text: '本中心将继续办理，办理完毕后即予答复。' },
    ],
  },

  withdrawn: {
    title: '视为撤回申请告知书',
    numberPrefix: 'CH',
    body: (d) => {
      const notice = d.supplementNotice;
      return [
        {
          type: 'paragraph',
          text: notice
            ? `你（单位）于${chinaDate(d.receivedAt)}提出的${subject(d)}申请，本中心已于${chinaDate(notice.issuedAt)}以《补齐申请材料通知书》（${notice.number}）一次性告知需要补正的全部材料${notice.supplementDays ? `，补正期限为${notice.supplementDays}个工作日` : ''}。`
            : `你（单位）于${chinaDate(d.receivedAt)}提出的${subject(d)}申请，本中心已以《补齐申请材料通知书》一次性告知需要补正的全部材料。`,
        },
        {
          type: 'paragraph',
          strong: true,
          text: `截至${chinaDateTime(d.expiredAt)}补正期限届满，你（单位）未补齐材料。依照该通知书的告知，本次申请视为撤回，本中心终止办理。`,
        },
        { type: 'paragraph', text: '你（单位）可以在备齐材料后重新提出申请；已提交的申请材料可凭本告知书到办理窗口领回。' },
      ];
    },
  },

  'not-accepted-redirect': {
    title: '办理指引告知书',
    numberPrefix: 'ZY',
    body: (d) => [
      { type: 'paragraph', text: `你（单位）咨询办理的${subject(d) || '事项'}，${d.reason}。` },
      { type: 'paragraph', strong: true, text: `请到${place(d.redirectTo)}办理。` },
    ],
  },
};

/** Why this notice: the first one-time list, a supplied material still wrong, or a need found in the review of an accepted case. */
function supplementIntro(d: NoticeData<'supplement'>): string {
  const applied = `你（单位）于${chinaDate(d.receivedAt)}提出的${subject(d)}申请`;
  if (d.acceptedAt) {
    return `${applied}，本中心已于${chinaDate(d.acceptedAt)}受理。在审查过程中，需要补正下列材料（共${d.missing.length}项）：`;
  }
  if (d.previousNotice) {
    return `${applied}，你（单位）按本中心${chinaDate(d.previousNotice.issuedAt)}《补齐申请材料通知书》（${d.previousNotice.number}）补正的材料，经审查仍不齐全或者不符合法定形式。本通知书只涉及该次补正的材料，现告知如下（共${d.missing.length}项）：`;
  }
  return `${applied}，经审查，申请材料不齐全或者不符合法定形式。依照《中华人民共和国行政许可法》第三十二条，现一次性告知需要补正的全部材料如下（共${d.missing.length}项）：`;
}
