import { expect } from 'chai';
import { checkYearSchedule, parseYearScheduleFile, YearScheduleError } from '../../../domain/calendar/year-schedule.js';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof YearScheduleError) return error.problems.map((p) => `${p.field}${p.line === undefined ? '' : `@${p.line}`} ${p.message}`);
    throw error;
  }
  throw new Error('expected a YearScheduleError');
}

describe('domain/calendar year schedule', () => {
  it('should read one day a line, with full-width commas, Chinese kinds, comments, blank lines and a BOM, sorted by date', () => {
    const file = '\uFEFF# 2027\r\n2027-02-20，上班，春节调休\r\n\r\n2027-01-01,holiday,元旦\n 2027-02-06 , 放假 , 春节 \n';
    expect(parseYearScheduleFile(2027, file)).to.deep.equal([
      { date: '2027-01-01', kind: 'holiday', reason: '元旦' },
      { date: '2027-02-06', kind: 'holiday', reason: '春节' },
      { date: '2027-02-20', kind: 'workday', reason: '春节调休' },
    ]);
  });

  it('should name every bad line by its number, blank and comment lines counted', () => {
    const file = ['# comment', '2027-01-01,holiday,元旦', '', '2027-02-29,holiday,春节', '2027-01-04,workday,调休', 'no commas here'].join('\n');
    expect(problemsOf(() => parseYearScheduleFile(2027, file))).to.deep.equal([
      'file@4 第 4 行：日期「2027-02-29」无效，应为 YYYY-MM-DD，如 2027-01-01',
      'file@5 第 5 行：2027-01-04 是星期一，本来就是工作日，不能登记为调休上班',
      'file@6 第 6 行：应为「日期,类型,名称」三项，如 2027-01-01,holiday,元旦',
    ]);
  });

  it('should refuse an empty file and a schedule without a single holiday', () => {
    expect(problemsOf(() => parseYearScheduleFile(2027, '# nothing\n\n'))).to.deep.equal(['file 文件中没有任何日期']);
    expect(problemsOf(() => parseYearScheduleFile(2027, '2027-02-20,workday,春节调休'))).to.deep.equal(['file 2027 年的安排中没有放假日：至少应有元旦、春节等法定节假日']);
  });

  it('should name the entry and its field for a schedule entered by hand', () => {
    expect(
      problemsOf(() =>
        checkYearSchedule(2027, [
          { date: '2027-01-01', kind: 'holiday', reason: '元旦' },
          { date: '2027-01-01', kind: 'holiday', reason: '' },
          { date: '2027-02-06', kind: 'off', reason: '春节春节春节春节春节春节春节春节春节春节春节' },
        ]),
      ),
    ).to.deep.equal([
      'entries[1].date 第 2 条：2027-01-01 已在第 1 条登记过',
      'entries[1].reason 第 2 条：请写明名称，如 元旦、春节调休',
      'entries[2].kind 第 3 条：类型「off」无效，应为 holiday（放假）或 workday（调休上班）',
      'entries[2].reason 第 3 条：名称不能超过 20 个字',
    ]);
  });
});
