import { expect } from 'chai';
import {
  FeelError,
  evaluateCondition,
  evaluateCorrelationKey,
  evaluateExpr,
  evaluateFeel,
  evaluateMappings,
  evaluateNumber,
  evaluateString,
  evaluateStringList,
  feelSyntaxError,
  toJsonValue,
} from '../../../engine/feel/feel.js';

const opts = { nowMs: Date.parse('2026-01-02T03:04:05Z') };
const feel = (source: string) => ({ kind: 'feel' as const, source });
const literal = (value: string) => ({ kind: 'static' as const, value });

function catchError(fn: () => unknown): FeelError {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(FeelError);
    return err as FeelError;
  }
  throw new Error('expected a FeelError');
}

describe('engine/feel', () => {
  describe('evaluateFeel', () => {
    it('should evaluate against variables', () => {
      expect(evaluateFeel('a + b.c', { a: 1, b: { c: 2 } }, opts)).to.equal(3);
      expect(evaluateFeel('upper case(name)', { name: 'ada' }, opts)).to.equal('ADA');
    });

    it('should evaluate a missing variable to null', () => {
      expect(evaluateFeel('missing', {}, opts)).to.equal(null);
      expect(evaluateFeel('missing.deeper', {}, opts)).to.equal(null);
      expect(evaluateFeel('missing = null', {}, opts)).to.equal(true);
    });

    it('should make now() and today() read the engine clock', () => {
      expect(evaluateFeel('now()', {}, opts)).to.equal('2026-01-02T03:04:05Z');
      expect(evaluateFeel('today()', {}, opts)).to.equal('2026-01-02');
      expect(evaluateFeel('now() + duration("P1D")', {}, opts)).to.equal('2026-01-03T03:04:05Z');
      expect(evaluateFeel('today() - date("2026-01-01")', {}, opts)).to.equal('P1D');
      expect(evaluateFeel('now() > date and time("2026-01-02T03:04:04Z")', {}, opts)).to.equal(true);
      expect(evaluateFeel('string(now())', {}, { nowMs: Date.parse('2030-06-01T00:00:00.250Z') })).to.equal(
        '2030-06-01T00:00:00.25Z',
      );
    });

    it('should return temporal values as ISO strings', () => {
      expect(evaluateFeel('date and time("2026-01-02T00:00:00Z")', {}, opts)).to.equal('2026-01-02T00:00:00Z');
      expect(evaluateFeel('date and time("2026-01-02T00:00:00+08:00")', {}, opts)).to.equal('2026-01-02T00:00:00+08:00');
      expect(evaluateFeel('date and time("2026-07-02T10:00:00@Europe/Berlin")', {}, opts)).to.equal(
        '2026-07-02T10:00:00+02:00[Europe/Berlin]',
      );
      expect(evaluateFeel('date and time("2026-01-02T10:00:00@America/St_Johns")', {}, opts)).to.equal(
        '2026-01-02T10:00:00-03:30[America/St_Johns]',
      );
      expect(evaluateFeel('date and time("2026-01-02T10:00:00")', {}, opts)).to.equal('2026-01-02T10:00:00');
      expect(evaluateFeel('date("2026-01-02")', {}, opts)).to.equal('2026-01-02');
      expect(evaluateFeel('time("10:30:00")', {}, opts)).to.equal('10:30:00');
      expect(evaluateFeel('duration("P1D")', {}, opts)).to.equal('P1D');
      expect(evaluateFeel('duration("PT1H")', {}, opts)).to.equal('PT1H');
      expect(evaluateFeel('duration("P1Y2M")', {}, opts)).to.equal('P1Y2M');
    });

    it('should return contexts and lists as plain JSON values', () => {
      const value = evaluateFeel('{a: [1, date("2026-01-02"), {b: null}], f: function(x) x, r: [1..3]}', {}, opts);
      expect(value).to.deep.equal({ a: [1, '2026-01-02', { b: null }], f: null, r: null });
      expect(Object.getPrototypeOf(value)).to.equal(Object.prototype);
      expect(JSON.parse(JSON.stringify(value))).to.deep.equal(value);
    });

    it('should throw FEEL_SYNTAX_ERROR naming the expression on a syntax error', () => {
      const err = catchError(() => evaluateFeel('1 +', {}, opts));
      expect(err.code).to.equal('FEEL_SYNTAX_ERROR');
      expect(err.expression).to.equal('1 +');
      expect(err.message).to.contain("'1 +'");
    });
  });

  describe('feelSyntaxError', () => {
    it('should return undefined for a valid expression', () => {
      expect(feelSyntaxError('a > 1 and b = "x"')).to.equal(undefined);
      expect(feelSyntaxError('for i in 1..100000 return i')).to.equal(undefined);
    });

    it('should describe an invalid expression', () => {
      expect(feelSyntaxError('if x then 1')).to.match(/failed to parse expression 'if x then 1'/);
      expect(feelSyntaxError('"unterminated')).to.be.a('string');
      expect(feelSyntaxError('')).to.be.a('string');
    });
  });

  describe('toJsonValue', () => {
    it('should map values that JSON cannot hold to null', () => {
      expect(toJsonValue(undefined)).to.equal(null);
      expect(toJsonValue(Number.NaN)).to.equal(null);
      expect(toJsonValue([1, undefined, 'x', true])).to.deep.equal([1, null, 'x', true]);
    });
  });

  describe('typed evaluation', () => {
    it('should return the literal of a static expression', () => {
      expect(evaluateExpr(literal('a = b'), {}, opts)).to.equal('a = b');
      expect(evaluateString(literal('payment'), {}, opts)).to.equal('payment');
      expect(evaluateCorrelationKey(literal('order-1'), {}, opts)).to.equal('order-1');
    });

    it('should evaluate a string and reject other types', () => {
      expect(evaluateString(feel('"job-" + kind'), { kind: 'a' }, opts)).to.equal('job-a');
      const err = catchError(() => evaluateString(feel('count'), { count: 3 }, opts));
      expect(err.code).to.equal('FEEL_EVALUATION_ERROR');
      expect(err.message).to.equal("Expected result of the expression 'count' to be 'STRING', but was 'NUMBER'.");
    });

    it('should list the warnings when a result has the wrong type', () => {
      const err = catchError(() => evaluateString(feel('jobType'), {}, opts));
      expect(err.message).to.contain("to be 'STRING', but was 'NULL'");
      expect(err.message).to.contain('[NO_VARIABLE_FOUND]');
    });

    it('should accept a string or a number as correlation key', () => {
      expect(evaluateCorrelationKey(feel('orderId'), { orderId: 'o-7' }, opts)).to.equal('o-7');
      expect(evaluateCorrelationKey(feel('orderId'), { orderId: 42 }, opts)).to.equal('42');
      expect(evaluateCorrelationKey(feel('orderId'), { orderId: 1.5 }, opts)).to.equal('1.5');
      const err = catchError(() => evaluateCorrelationKey(feel('orderId'), {}, opts));
      expect(err.message).to.contain("must be either a string or a number, but was 'NULL'");
      catchError(() => evaluateCorrelationKey(feel('orderId'), { orderId: true }, opts));
    });

    it('should evaluate numbers from static and FEEL values', () => {
      expect(evaluateNumber(literal('3'), {}, opts)).to.equal(3);
      expect(evaluateNumber(feel('retries + 1'), { retries: 2 }, opts)).to.equal(3);
      expect(catchError(() => evaluateNumber(literal('three'), {}, opts)).message).to.contain("'three'");
      expect(catchError(() => evaluateNumber(literal(' '), {}, opts)).code).to.equal('FEEL_EVALUATION_ERROR');
      expect(catchError(() => evaluateNumber(feel('"3"'), {}, opts)).message).to.contain("but was 'STRING'");
    });

    it('should evaluate string lists from FEEL lists and comma-separated literals', () => {
      expect(evaluateStringList(literal('sales, support ,,ops'), {}, opts)).to.deep.equal(['sales', 'support', 'ops']);
      expect(evaluateStringList(feel('groups'), { groups: ['a', 'b'] }, opts)).to.deep.equal(['a', 'b']);
      expect(evaluateStringList(feel('[]'), {}, opts)).to.deep.equal([]);
      expect(catchError(() => evaluateStringList(feel('[1, "a"]'), {}, opts)).message).to.contain('non-\'STRING\'');
      expect(catchError(() => evaluateStringList(feel('"a,b"'), {}, opts)).message).to.contain("but was 'STRING'");
    });
  });

  describe('evaluateCondition', () => {
    it('should return the boolean result', () => {
      expect(evaluateCondition('amount > 100', { amount: 150 }, opts)).to.equal(true);
      expect(evaluateCondition('amount > 100', { amount: 50 }, opts)).to.equal(false);
    });

    it('should fail when the condition evaluates to null', () => {
      const err = catchError(() => evaluateCondition('amount > 100', {}, opts));
      expect(err.code).to.equal('FEEL_EVALUATION_ERROR');
      expect(err.expression).to.equal('amount > 100');
      expect(err.message).to.contain("Expected result of the expression 'amount > 100' to be 'BOOLEAN', but was 'NULL'.");
    });

    it('should fail when the condition is not a boolean', () => {
      expect(catchError(() => evaluateCondition('"yes"', {}, opts)).message).to.contain("but was 'STRING'");
    });

    it('should fail with FEEL_SYNTAX_ERROR on an invalid condition', () => {
      expect(catchError(() => evaluateCondition('amount >', {}, opts)).code).to.equal('FEEL_SYNTAX_ERROR');
    });
  });

  describe('evaluateMappings', () => {
    it('should map sources to targets', () => {
      const result = evaluateMappings(
        [
          { source: feel('order.total'), target: 'amount' },
          { source: feel('missing'), target: 'empty' },
        ],
        { order: { total: 10 } },
        opts,
      );
      expect(result).to.deep.equal({ amount: 10, empty: null });
    });

    it('should merge nested targets into one context', () => {
      const result = evaluateMappings(
        [
          { source: feel('1'), target: 'a.b.c' },
          { source: feel('2'), target: 'a.b.d' },
          { source: feel('3'), target: 'a.e' },
          { source: feel('4'), target: 'x' },
        ],
        {},
        opts,
      );
      expect(result).to.deep.equal({ a: { b: { c: 1, d: 2 }, e: 3 }, x: 4 });
    });

    it('should let a source read targets mapped before it', () => {
      const result = evaluateMappings(
        [
          { source: feel('price'), target: 'net' },
          { source: feel('net * 2'), target: 'gross' },
          { source: feel('date and time("2026-01-01T00:00:00Z")'), target: 'start' },
          { source: feel('start + duration("P1D")'), target: 'end' },
        ],
        { price: 5 },
        opts,
      );
      expect(result).to.deep.equal({ net: 5, gross: 10, start: '2026-01-01T00:00:00Z', end: '2026-01-02T00:00:00Z' });
    });

    it('should let a source see a nested target on top of the existing variable', () => {
      const vars = { customer: { name: 'Ada', tier: 'gold' } };
      const result = evaluateMappings(
        [
          { source: feel('"Grace"'), target: 'customer.name' },
          { source: feel('customer.name + "/" + customer.tier'), target: 'label' },
        ],
        vars,
        opts,
      );
      expect(result).to.deep.equal({ customer: { name: 'Grace' }, label: 'Grace/gold' });
      expect(vars).to.deep.equal({ customer: { name: 'Ada', tier: 'gold' } });
    });

    it('should map an empty source to null', () => {
      expect(evaluateMappings([{ source: feel(''), target: 'local' }], {}, opts)).to.deep.equal({ local: null });
    });

    it('should read the engine clock in mappings', () => {
      expect(evaluateMappings([{ source: feel('now()'), target: 'at' }], {}, opts)).to.deep.equal({ at: '2026-01-02T03:04:05Z' });
    });

    it('should fail with a FeelError naming the failing source', () => {
      const err = catchError(() => evaluateMappings([{ source: feel('a +'), target: 'b' }], {}, opts));
      expect(err.code).to.equal('FEEL_SYNTAX_ERROR');
      expect(err.expression).to.equal('a +');
    });
  });
});
