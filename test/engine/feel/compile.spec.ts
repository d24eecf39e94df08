import { expect } from 'chai';
import { evaluate } from 'feelin';
import { evaluateFeel, toJsonValue } from '../../../engine/feel/feel.js';
import { compiled, escapeLineBreaksInStrings } from '../../../engine/feel/compile.js';

const opts = { nowMs: Date.parse('2026-12-06T02:00:00Z') };

const VARIABLE_SETS: Array<Record<string, unknown>> = [
  { decision: 'approve', n: 3, ok: true, applicant: { address: { county: '某县' } } },
  { decision: 'reject', n: 3.0, ok: false, applicant: { address: null } },
  { decision: null, n: '3', ok: 'true', applicant: null },
  { decision: 1, n: null, ok: null, applicant: { address: { county: 1 } } },
  { decision: 'x', n: 'y', ok: [], applicant: { address: { county: '' } } },
  {},
];

// bare paths and comparisons are read without feelin when the data allows; they must agree with it
const EXPRESSIONS = [
  'decision',
  'applicant.address.county',
  'applicant . address',
  'decision = "approve"',
  'decision != "approve"',
  'n = 3',
  'n = 3.0',
  'n != 4',
  'ok = true',
  'ok != false and decision = "approve"',
  'decision = "reject" or decision = "approve" and n = 3',
  'decision = null',
  'decision != null',
  'applicant.address.county = "某县"',
  'applicant.address = null',
  'decision + "-a"',
  '"审批:" + decision + "/" + applicant.address.county',
  'decision + n',
  'n + 1',
  '"a" + "b"',
];

describe('engine/feel: compiled expressions', () => {
  for (const source of EXPRESSIONS) {
    it(`evaluates '${source}' as feelin does for every kind of data`, () => {
      for (const vars of VARIABLE_SETS) {
        const expected = toJsonValue(evaluate(source, { ...vars }).value);
        expect(evaluateFeel(source, vars, opts), JSON.stringify(vars)).to.deep.equal(expected);
      }
    });
  }

  it('reads paths and string literals joined by + as a concatenation it can answer without feelin', () => {
    expect(compiled('jobPrefix + "-a"', {}).concatenation).to.deep.equal([{ path: ['jobPrefix'] }, { text: '-a' }]);
    expect(compiled('"x" + a.b+c', {}).concatenation).to.deep.equal([{ text: 'x' }, { path: ['a', 'b'] }, { path: ['c'] }]);
    expect(compiled('"a+b" + c', {}).concatenation).to.equal(undefined);
    expect(compiled('a + 1', {}).concatenation).to.equal(undefined);
  });

  it('gives a variable the value it has now, not the one of an earlier evaluation of the same text', () => {
    expect(evaluateFeel('decision = "approve"', { decision: 'approve' }, opts)).to.equal(true);
    expect(evaluateFeel('decision = "approve"', { decision: 'reject' }, opts)).to.equal(false);
  });

  it('parses a name with spaces the way the variables of each evaluation make it read', () => {
    expect(evaluateFeel('first name', { 'first name': 'Ada' }, opts)).to.equal('Ada');
    expect(evaluateFeel('first name', { first: 1 }, opts)).to.equal(null);
  });

  it('escapes line breaks inside string literals only', () => {
    expect(escapeLineBreaksInStrings('"a\nb" +\n"c\\"\r\n"')).to.equal('"a\\nb" +\n"c\\"\\r\\n"');
    expect(escapeLineBreaksInStrings('x // a "quote\n+ "y\n"')).to.equal('x // a "quote\n+ "y\\n"');
    expect(escapeLineBreaksInStrings('x /* "a\n */ + "b"')).to.equal('x /* "a\n */ + "b"');
  });
});
