/**
 * A worker's "bad input" message (workers/errors.ts InvalidJobInput: `variable 'x': expected …`)
 * in Chinese, so an operator reads which variable is wrong and how: the words the workers use
 * are few and fixed. Undefined for any other message.
 */

/** The variables the procedures read, as a clerk knows them from the forms. */
const VARIABLE_LABELS: Record<string, string> = {
  applicant: '申请人',
  'applicant.name': '申请人姓名',
  'applicant.idNumber': '申请人证件号码',
  'applicant.phone': '申请人手机号码',
  'applicant.kind': '申请人类型',
  materials: '收取的材料',
  channel: '受理渠道',
  itemCode: '事项编码',
  caseNumber: '办件编号',
  complaintNumber: '投诉编号',
  redirectTo: '告知去处',
  refusalReason: '不予受理理由',
  decision: '办理决定',
  fees: '收费项目',
  feeWaiver: '减免申请',
  extensionDays: '延长工作日数',
  extensionReason: '延期理由',
  supplementDays: '补正期限',
  missing: '需补正的材料',
  dueAt: '办结期限',
  promisedDays: '承诺时限',
  specialProcedure: '特别程序',
  replyText: '答复内容',
  replyKind: '答复方式',
  route: '处理途径',
  rating: '评价',
  satisfaction: '满意程度',
  visitNotes: '回访记录',
  delayReason: '延期答复理由',
  targetWindow: '被投诉窗口',
  verified: '是否属实',
  ground: '投诉事由',
  complainant: '投诉人',
};

const REASONS: ReadonlyArray<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^expected a non-empty string/, () => '不能为空'],
  [/^expected a string/, () => '应为文本'],
  [/^expected a number/, () => '应为数字'],
  [/^expected true or false/, () => '应为「是」或「否」'],
  [/^expected an ISO date-time/, () => '应为日期时间'],
  [/^expected an object/, () => '应为对象'],
  [/^expected a whole number of working days \((\d+) or more\)/, (m) => `应为不少于 ${m[1]} 的整数工作日`],
  [/^expected one of ([^,]+(?:, [^,]+)*), got '(.*)'$/, (m) => `应为 ${m[1].split(', ').join('、')} 之一，实为「${m[2]}」`],
  [/^expected a list/, () => '应为列表'],
  [/^no case (\S+) in the store/, (m) => `系统中没有办件 ${m[1]}`],
  [/^case (\S+) already belongs to process instance (\d+)/, (m) => `办件 ${m[1]} 已属于流程实例 ${m[2]}`],
  [/^task header '([^']+)' is required/, (m) => `流程图的任务参数 ${m[1]} 未设置`],
  [/^unknown \S+ '([^']*)'/, (m) => `流程图的参数值「${m[1]}」无效`],
  [/ is required/, () => '未填写'],
];

const MESSAGE = /^variable '([^']+)': ([\s\S]*)$/;
const CHINESE = /[\u3400-\u9fff]/;

export function jobInputMessage(message: string): string | undefined {
  const parsed = MESSAGE.exec(message);
  if (!parsed) return undefined;
  const [, variable, rest] = parsed;
  const label = VARIABLE_LABELS[variable] ?? VARIABLE_LABELS[variable.replace(/^header:/, '')];
  const name = variable.startsWith('header:') ? `任务参数 ${variable.slice('header:'.length)}` : `变量 ${variable}`;
  const head = label ? `${name}（${label}）` : name;
  for (const [pattern, say] of REASONS) {
    const m = pattern.exec(rest);
    if (m) return `${head}${say(m)}`;
  }
  // the shared checks (applicant, materials) word their findings in Chinese: `field: 中文` parts
  const chinese = rest
    .split(/;\s*/)
    .map((part) => part.replace(/^[\w.[\]]+:\s*/, ''))
    .filter((part) => CHINESE.test(part));
  return chinese.length > 0 ? `${head}：${chinese.join('；')}` : `${head}的值不符合要求`;
}

/** The variable an InvalidJobInput message names, without its path ('applicant.name' → 'applicant'); undefined for a task header or another message. */
export function variableOfMessage(message: string): string | undefined {
  const variable = MESSAGE.exec(message)?.[1];
  if (variable === undefined || variable.startsWith('header:')) return undefined;
  return /^[A-Za-z_][A-Za-z0-9_]*/.exec(variable)?.[0];
}
