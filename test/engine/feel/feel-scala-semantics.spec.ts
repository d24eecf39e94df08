/**
 * FEEL's semantics as Zeebe 8.8 evaluates them (feel-scala 1.19): comparisons, logic and null, numbers,
 * temporal arithmetic, and DMN input entries. Each row is an expression and the result feel-scala gives.
 * Sources (pages under https://docs.camunda.io/docs/8.8/components/modeler/feel/):
 *   BE language-guide/feel-boolean-expressions (comparison, null check, and/or, instance of, in)
 *   EH language-guide/feel-error-handling ("if something goes wrong, return null")
 *   CF language-guide/feel-control-flow (if-then-else)
 *   LE language-guide/feel-list-expressions (some/every)
 *   UT language-guide/feel-unary-tests (DMN input entries)
 *   L, N builtin-functions/feel-built-in-functions-list, -numeric
 *   FS feel-scala 1.19.5 (the FEEL engine of Zeebe 8.8), src/test/scala/org/camunda/feel/impl/:
 *      interpreter/ComparisonTypeTest, interpreter/InterpreterListExpressionTest,
 *      interpreter/InterpreterNumberExpressionTest, interpreter/InterpreterDateTimeExpressionTest,
 *      builtin/BuiltinNumberFunctionTest, builtin/BuiltinListFunctionsTest; where no test covers a
 *      case, FeelInterpreter's dualOp, addOp/subOp/mulOp/divOp and checkEquality (ValComparator) and
 *      BuiltinFunction's "Illegal arguments" (a null call)
 */
import { expect } from 'chai';
import { FeelError, evaluateCondition, evaluateFeel, evaluateUnaryTests, feelSyntaxError } from '../../../engine/feel/feel.js';
import { FEEL_TEST_CLOCK as opts, type FeelRow } from './conformance-table.js';

const ROWS: FeelRow[] = [
  // comparisons, logic and null (BE: language-guide/feel-boolean-expressions; EH: feel-error-handling)
  ['BE', '5 = 5', true],
  ['BE', '5 != 5', false],
  ['BE', 'date("2020-04-05") < date("2020-04-06")', true],
  ['BE', 'time("08:00:00") <= time("08:00:00")', true],
  ['BE', 'duration("P1D") > duration("P5D")', false],
  ['BE', 'duration("P1Y") >= duration("P6M")', true],
  ['BE', '5 between 3 and 7', true],
  ['BE', 'date("2020-04-06") between date("2020-04-05") and date("2020-04-09")', true],
  ['BE', 'null = null', true],
  ['BE', '"foo" = null', false],
  ['BE', '{x: null}.x = null', true],
  ['BE', '{}.y = null', true],
  ['BE', 'true and true', true],
  ['BE', 'true and false', false],
  ['BE', 'true and null', null],
  ['BE', 'true and "otherwise"', null],
  ['BE', 'false and null', false],
  ['BE', 'false and "otherwise"', false],
  ['BE', 'true or false', true],
  ['BE', 'false or false', false],
  ['BE', 'true or null', true],
  ['BE', 'true or "otherwise"', true],
  ['BE', 'false or null', null],
  ['BE', 'false or "otherwise"', null],
  ['BE', '1 instance of number', true],
  ['BE', '1 instance of string', false],
  ['BE', '1 instance of Any', true],
  ['BE', 'null instance of Any', false],
  ['BE', 'duration("P3M") instance of years and months duration', true],
  ['BE', 'duration("PT4H") instance of days and time duration', true],
  ['BE', '5 in (3..7)', true],
  ['BE', 'date("2021-06-04") in [date("2021-05-01")..date("2021-05-31")]', false],
  ['BE', '5 in (3,5,7)', true],
  ['BE', '5 in [2,4,6,8]', false],
  // "Both values must be of the same type. Otherwise, the result is null." (BE, Comparison)
  ['BE', '"unknown" >= 1000', null],
  ['BE', '1000 < "unknown"', null],
  ['BE', '1 = "1"', null],
  ['BE', '1 != "1"', null],
  ['BE', 'true = 1', null],
  ['BE', '"a" between 1 and 7', null],
  ['BE', 'date("2020-01-01") < 5', null],
  ['BE', 'duration("P1D") > 5', null],
  ['BE', 'duration("P1Y") > duration("P1D")', null],
  ['BE', '@"2020-01-01T10:00:00" < @"2020-01-01T10:00:00@Europe/Berlin"', null],
  ['BE', '5 < null', null],
  ['BE', 'null < 5', null],
  ['BE', 'x < 5', null],
  ['BE', '"a" in (3..7)', null],
  // "A value is compared to another value of a different type", "An operation is not defined for the given values" (EH)
  ['EH', 'a.b > 10', null],
  ['EH', '[{a: 1}, {b: 2}].a', [1, null]],
  ['EH', '[{a: 1}, {b: 2}][a < 10]', [{ a: 1 }]],
  ['EH', 'get or else(a, "prio-99")', 'prio-99'],
  ['EH', '1 + "a"', null],
  ['EH', '"a" + 1', null],
  ['EH', '"a" * 2', null],
  ['EH', 'null + 1', null],
  ['EH', '-"a"', null],
  ['EH', '2 ** "a"', null],
  ['EH', 'date("2020-01-01") + 1', null],
  ['EH', '1 / 0', null],
  ['EH', 'not("a")', null],
  // quantifiers (LE); a satisfies that is neither true nor false makes the answer null unless another item decides it
  ['LE', 'some x in [1,2,3] satisfies x > 2', true],
  ['LE', 'some x in [1,2,3] satisfies x > 3', false],
  ['LE', 'every x in [1,2,3] satisfies x >= 1', true],
  ['LE', 'every x in [1,2,3] satisfies x >= 2', false],
  ['LE', 'some x in [1,2], y in [2,3] satisfies x < y', true],
  ['LE', 'every x in [1,2], y in [2,3] satisfies x < y', false],
  ['LE', 'some x in ["a"] satisfies x > 0', null],
  ['LE', 'some x in ["a", 1] satisfies x > 0', true],
  ['LE', 'every x in [1, "a"] satisfies x > 0', null],
  ['LE', 'every x in ["a", -1] satisfies x > 0', false],
  ['LE', 'every x in [1, 2] satisfies "yes"', null],
  // control flow: a condition that is not true takes the else branch (feel-scala's If)
  ['CF', 'if 5 > 3 then "a" else "b"', 'a'],
  ['CF', 'if null then "a" else "b"', 'b'],
  ['CF', 'if "yes" then "a" else "b"', 'b'],
  ['CF', 'if "unknown" >= 1000 then "a" else "b"', 'b'],
  // null semantics
  ['S', 'trim(1)', null],
  ['S', 'to base64(1)', null],
  ['S', 'extract(1, "x")', null],
  ['L', 'is empty(1)', null],
  ['L', 'partition("x", 2)', null],
  ['L', 'duplicate values("x")', null],
  ['L', 'string join(["a", 1])', null],
  ['C', 'get value(1, "a")', null],
  ['T', 'last day of month("2022-10-01")', null],
  // comparisons: values of non-comparable types are null, lists and contexts compare item by item, no singleton-list coercion
  ['FS', 'true < false', null],
  ['FS', '{a: 1} < {a: 2}', null],
  ['FS', '[] < [1]', null],
  ['FS', 'true between false and true', null],
  ['FS', '5 between 7 and "a"', false],
  ['FS', '5 between 1 and "a"', null],
  ['FS', '1 = true', null],
  ['FS', '[1] = 1', null],
  ['FS', '[1] != 1', null],
  ['FS', '[] = []', true],
  ['FS', '[1] = [1]', true],
  ['FS', '[[1]] = [[1]]', true],
  ['FS', '[{x:1}] = [{x:1}]', true],
  ['FS', '[1] = [2]', false],
  ['FS', '[1] = [true]', false],
  ['FS', '[1] != [true]', true],
  ['FS', '{a: 1} = {a: "1"}', false],
  ['FS', '[1,2,3][item > 1]', [2, 3]],
  ['FS', '[{a:1},{a:2}][a = 2]', [{ a: 2 }]],
  ['BE', '"a" in [1,2]', false],
  // `x in (e)`: FeelInterpreter#unaryTestExpression, null when x and e cannot be compared; a list of tests is three-valued (atLeastOne)
  ['FS', '"a" in (1,2)', null],
  ['FS', '1 in "a"', null],
  ['FS', '1 in ("a")', null],
  ['FS', '1 in (2, "a")', null],
  ['FS', '1 in (1, "a")', true],
  ['FS', '"a" in (1, > 5)', null],
  ['FS', '[1] in (1)', null],
  ['FS', '1 in ([1,2])', true],
  ['FS', '1 in (true)', true],
  ['FS', 'true in (false)', false],
  ['FS', 'null in (1,2)', false],
  ['FS', '5 in (1, [1..5])', true],
  ['FS', '0.3 in (0.1 + 0.2)', true],
  ['FS', 'date("2020-01-01") in (date("2020-01-01"))', true],
  ['FS', '[1,"a",3][item in (1,3)]', [1, 3]],
  // a list built-in that takes no var-args is null for a non-list; the var-args ones read one value as a list
  ['FS', 'count("a")', null],
  ['FS', 'list contains("a", "a")', null],
  ['FS', 'reverse("a")', null],
  ['FS', 'sublist("abc", 1)', null],
  ['FS', 'append("a", 1)', null],
  ['FS', 'insert before("a", 1, 2)', null],
  ['FS', 'remove("a", 1)', null],
  ['FS', 'index of("a", "a")', null],
  ['FS', 'distinct values("a")', null],
  ['FS', 'flatten("a")', null],
  ['FS', 'sort("a", function(x,y) x < y)', null],
  ['FS', 'count(list: [1, 2])', 2],
  ['FS', 'max(1)', 1],
  ['FS', 'sum(5)', 5],
  // and() and or(), the deprecated names of all() and any()
  ['FS', 'and([])', true],
  ['FS', 'and([false,null,true])', false],
  ['FS', 'and(false,null,true)', false],
  ['FS', 'and([true,true])', true],
  ['FS', 'and(0)', null],
  ['FS', 'and(true, null, true)', null],
  ['FS', 'or([])', false],
  ['FS', 'or([false,null,true])', true],
  ['FS', 'or(false,false)', false],
  ['FS', 'or(0)', null],
  ['FS', 'if and([true]) then not(or([false])) else null', true],
  ['FS', 'true and (false) or (true)', true],
  // numbers: decimal arithmetic (BigDecimal, MathContext.DECIMAL128), leaving FEEL as the nearest double (docs/decisions/0021)
  ['FS', '0.1 + 0.2', 0.3],
  ['FS', '0.1 + 0.2 = 0.3', true],
  ['FS', '0.3 - 0.1', 0.2],
  ['FS', '1.1 * 3', 3.3],
  ['FS', '10 / 4', 2.5],
  ['FS', '8/4', 2],
  ['FS', '3*4/2*5', 30],
  ['FS', '2**3', 8],
  ['FS', '2**2**3', 64],
  ['FS', '2 ** -1', 0.5],
  ['FS', '2 ** 0.5', 1.4142135623730951],
  ['FS', '2**3.1', 8.574187700290345],
  ['FS', '2 / 0', null],
  ['FS', '2 + true', null],
  ['FS', 'for i in 1..3 return i * 0.1', [0.1, 0.2, 0.3]],
  ['FS', '[1,2,3][1+1]', 2],
  ['N', 'decimal(1/3, 2)', 0.33],
  ['FS', '"a" + "b"', 'ab'],
  ['FS', 'date("2020-01-01") + duration("P1D")', '2020-01-02'],
  ['FS', '-0.0', 0],
  // numeric built-ins in BigDecimal (BuiltinNumberFunctionTest; ListBuiltinFunctions sum, product, mean, median, stddev)
  ['FS', 'sum([0.1, 0.2])', 0.3],
  ['FS', 'sum(0.1, 0.2)', 0.3],
  ['FS', 'sum(list: [0.1, 0.2])', 0.3],
  ['FS', 'sum([1, "a"])', null],
  ['FS', 'product([1.1, 3])', 3.3],
  ['FS', 'mean([0.1, 0.2, 0.3])', 0.2],
  ['FS', 'median([0.1, 0.2])', 0.15],
  ['FS', 'stddev(2, 4, 7, 5)', 2.0816659994661326],
  ['FS', 'stddev([1])', null],
  ['FS', 'modulo(0.3, 0.1)', 0],
  ['FS', 'modulo(12, -5)', -3],
  ['FS', 'modulo(-12, -5)', -2],
  ['FS', 'modulo(10.1, -4.5)', -3.4],
  ['FS', 'modulo(-10.1, -4.5)', -1.1],
  ['FS', 'modulo(-10.1, 4.5)', 3.4],
  ['FS', 'modulo(5, 0)', null],
  ['FS', 'decimal(5.5, 0, "HALF_DOWN")', 5],
  ['FS', 'decimal(-2.5, 0, "UP")', -3],
  ['FS', 'decimal(-2.5, 0, "CEILING")', -2],
  ['FS', 'decimal(-2.5, 0, "FLOOR")', -3],
  ['FS', 'decimal(-2.5, 0, "HALF_EVEN")', -2],
  ['FS', 'decimal(1.0, 0, "UNNECESSARY")', 1],
  ['FS', 'decimal(1.1, 0, "UNNECESSARY")', null],
  ['FS', 'decimal(1.5, 0, "half_up")', 2],
  ['FS', 'decimal(1.5, 0, "x")', null],
  ['FS', 'decimal(15, -1)', 20],
  ['FS', 'round half up(1.005, 2)', 1.01],
  ['FS', 'round half down(-5.5, 0)', -5],
  ['FS', 'round half down(5.51, 0)', 6],
  ['FS', 'round up(-5.5, 0)', -6],
  ['FS', 'floor(1.56, 1)', 1.5],
  ['FS', 'ceiling(-1.56, 1)', -1.5],
  // temporal arithmetic (FeelInterpreter addOp, subOp, mulOp, divOp; InterpreterDateTimeExpressionTest)
  ['FS', 'duration("P1M") * 3', 'P3M'],
  ['FS', '3 * duration("P2Y")', 'P6Y'],
  ['FS', 'duration("PT2H") * 3', 'PT6H'],
  ['FS', '3 * duration("P1D")', 'P3D'],
  ['FS', 'duration("P1D") * 2', 'P2D'],
  ['FS', 'duration("P1D") * 1.5', 'P1D'],
  ['FS', 'duration("PT2H") * -1', '-PT2H'],
  ['FS', 'duration("P1Y") / 2', 'P6M'],
  ['FS', 'duration("P1Y") / duration("P1M")', 12],
  ['FS', 'duration("P1Y") / duration("P5M")', 2],
  ['FS', 'duration("P1Y") / duration("P0M")', null],
  ['FS', 'duration("P1D") / 4', 'PT6H'],
  ['FS', 'duration("P1D") / duration("PT1H")', 24],
  ['FS', 'duration("PT1H") / duration("PT40M")', 1],
  ['FS', 'duration("P1D") / duration("PT0H")', null],
  ['FS', 'duration("P1D") / 0', null],
  // Duration.ofMillis((millis / n).intValue): a quotient above 2^31 ms wraps like Java's int
  ['FS', 'duration("P60D") / 2', '-P19DT17H2M47.296S'],
  ['FS', 'duration("P1D") ** 2', null],
  ['FS', 'duration("P1Y") + duration("P6M")', 'P1Y6M'],
  ['FS', 'duration("P5M") - duration("P6M")', '-P1M'],
  ['FS', 'duration("PT22H") - duration("P1D")', '-PT2H'],
  ['FS', 'duration("P1Y") + duration("P1D")', null],
  ['FS', 'duration("P1D") + 1', null],
  ['FS', 'duration("P1M") + date("2017-01-10")', '2017-02-10'],
  ['FS', 'date("2017-01-10") - duration("P1Y1M")', '2015-12-10'],
  ['FS', 'duration("PT1H") + date("2017-01-10")', '2017-01-10'],
  ['FS', 'date("2017-01-10") + duration("PT1M")', '2017-01-10'],
  ['FS', 'date("2020-01-01") + duration("PT36H")', '2020-01-02'],
  ['FS', 'date("2017-01-10") - duration("PT1H")', '2017-01-09'],
  ['FS', 'date("2017-01-10") - duration("P1DT1H")', '2017-01-08'],
  ['FS', 'duration("PT1H") + time("10:30:00")', '11:30:00'],
  ['FS', 'time("10:30:00") + duration("P1D")', '10:30:00'],
  ['FS', 'time("10:30:00+01:00") - duration("PT1H")', '09:30:00+01:00'],
  ['FS', 'time("10:00:00") + duration("P1Y")', null],
  ['FS', 'duration("P1Y") + time("10:00:00")', null],
  ['FS', 'time("10:30:00") - time("09:00:00")', 'PT1H30M'],
  ['FS', 'time("09:00:00") - time("10:00:00")', '-PT1H'],
  ['FS', 'time("12:00:00+01:00") - time("10:00:00+01:00")', 'PT2H'],
  // ZonedTime.between is the distance without a sign
  ['FS', 'time("08:00:00Z") - time("10:00:00Z")', 'PT2H'],
  ['FS', 'time("10:00:00") - time("08:00:00Z")', null],
  ['FS', 'date("2012-12-24") - date("2012-12-25")', '-P1D'],
  ['FS', 'date("2013-02-25") - date("2012-12-24")', 'P63D'],
  ['FS', 'date("2020-01-02") - date and time("2020-01-01T10:00:00Z")', null],
  ['FS', 'date and time("2020-01-01T10:00:00+02:00") - date and time("2020-01-01T10:00:00Z")', '-PT2H'],
  ['FS', 'date and time("2020-01-01T10:00:00@Europe/Berlin") - date and time("2020-01-01T10:00:00Z")', '-PT1H'],
  ['FS', 'date and time("2020-01-02T10:00:00") - date and time("2020-01-01T08:00:00")', 'P1DT2H'],
  ['FS', 'date and time("2020-01-01T10:00:00") - date and time("2020-01-01T10:00:00Z")', null],
  ['FS', 'date and time("2017-01-10T10:30:00+01:00") - duration("P1M")', '2016-12-10T10:30:00+01:00'],
  // ZonedDateTime#plus(Duration) adds exact time: the day of a DST change has 23 hours
  ['FS', 'date and time("2020-03-28T12:00:00@Europe/Berlin") + duration("P1D")', '2020-03-29T13:00:00+02:00[Europe/Berlin]'],
  ['FS', 'date and time("2020-03-28T12:00:00@Europe/Berlin") + duration("P1M")', '2020-04-28T12:00:00+02:00[Europe/Berlin]'],
  ['FS', 'date("2020-01-01") + date("2020-01-01")', null],
];

/** DMN input entries (UT: language-guide/feel-unary-tests): entry, input value, whether the rule matches. */
const UNARY_TESTS: Array<[entry: string, input: unknown, matches: boolean]> = [
  ['"valid"', 'valid', true],
  ['"valid"', 'other', false],
  ['< 10', 5, true],
  ['< 10', 10, false],
  ['<= date("2020-04-06")', '2020-04-06', false],
  ['> time("08:00:00")', 'x', false],
  ['(2..5)', 5, false],
  [']2..5[', 3, true],
  ['[2..5]', 5, true],
  ['(2..5]', 2, false],
  ['2, 3, 4', 3, true],
  ['< 10, > 50', 60, true],
  ['< 10, > 50', 20, false],
  ['not("valid")', 'valid', false],
  ['not("valid")', 'other', true],
  ['not(2, 3)', 3, false],
  ['not(2, 3)', 4, true],
  ['contains(?, "good")', 'goodness', true],
  ['ends with(?, "@camunda.com")', 'a@camunda.com', true],
  ['-', 'anything', true],
  // "Both values must be of the same type. Otherwise, the result is null"; a null test does not
  // match, and its negation is null too ("It returns true if the given unary-test evaluates to false")
  ['>= 1000', 'unknown', false],
  ['[1..5]', 'a', false],
  ['not(< 10)', 'a', false],
  ['not(< 10)', null, false],
  ['not(< 10)', 20, true],
  ['not([1..5], 9)', 7, true],
  // entries get the rewrites of expressions (FS): decimal arithmetic, and a test null for an
  // incomparable input, so its negation is null too
  ['0.1 + 0.2', 0.3, true],
  ['>= 0.1 * 3', 0.3, true],
  ['not("valid")', 5, false],
  ['not(1, "a")', 2, false],
  ['not(contains(?, "good"))', 'goodness', false],
  ['not(contains(?, "good"))', 'bad', true],
  ['true', false, false],
  ['false', false, true],
];

describe('engine/feel: Camunda 8.8 FEEL semantics (feel-scala) conformance', () => {
  for (const [entry, input, matches] of UNARY_TESTS) {
    it(`UT: ${entry} ${matches ? 'matches' : 'does not match'} ${JSON.stringify(input)}`, () => {
      expect(evaluateUnaryTests(entry, input, {}, opts)).to.equal(matches);
    });
  }

  for (const [page, expression, result] of ROWS) {
    it(`${page}: ${expression.replace(/\n/g, '\\n')} → ${JSON.stringify(result)}`, () => {
      expect(evaluateFeel(expression, {}, opts)).to.deep.equal(result);
    });
  }

  it('BE: a variable compared with a value of another type is null, whether read directly or through feelin', () => {
    const vars = { decision: 'approve', amount: 'unknown', n: 3 };
    expect(evaluateFeel('decision = "approve"', vars, opts)).to.equal(true);
    expect(evaluateFeel('decision = 1', vars, opts)).to.equal(null);
    expect(evaluateFeel('n = "3"', vars, opts)).to.equal(null);
    expect(evaluateFeel('amount >= 1000', vars, opts)).to.equal(null);
    expect(evaluateFeel('decision = "approve" and amount >= 1000', vars, opts)).to.equal(null);
    expect(evaluateFeel('n between 1 and 5', vars, opts)).to.equal(true);
    // a gateway condition that is null is an incident in Zeebe, not a taken or skipped flow
    expect(() => evaluateCondition('amount >= 1000', vars, opts)).to.throw(FeelError, "but was 'NULL'");
  });

  it('BE: a DMN input entry does not match an input of another type (the comparison is null)', () => {
    expect(evaluateUnaryTests('>= 1000', 'unknown', {}, opts)).to.equal(false);
    expect(evaluateUnaryTests('>= 1000', 1500, {}, opts)).to.equal(true);
    expect(evaluateUnaryTests('[1..5]', 'a', {}, opts)).to.equal(false);
    expect(evaluateUnaryTests('> date("2020-01-01")', '2021-01-01', {}, opts)).to.equal(false);
    expect(evaluateUnaryTests('> date("2020-01-01")', null, { }, opts)).to.equal(false);
  });

  it('CF: the condition of an if inside a loop and a function body still takes the else branch unless true', () => {
    expect(evaluateFeel('for i in [1, "a", null] return if i > 0 then "p" else "n"', {}, opts)).to.deep.equal(['p', 'n', 'n']);
    expect(evaluateFeel('(function(x) if x then 1 else 0)("yes")', {}, opts)).to.equal(0);
  });

  it('FS: comparing two lists with < fails the evaluation with feel-scala\'s message', () => {
    expect(() => evaluateFeel('[1] < [2]', {}, opts)).to.throw(FeelError, '[1] can not be compared to [2]');
    expect(() => evaluateFeel('x between 1 and 3', { x: ['a'] }, opts)).not.to.throw();
  });

  it('FS: and() and or() pass the deployment syntax check', () => {
    expect(feelSyntaxError('and([a, b]) or or(c)')).to.equal(undefined);
    expect(feelSyntaxError('a and')).to.be.a('string');
  });
});
