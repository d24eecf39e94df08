/**
 * FEEL as Zeebe 8.8 evaluates it (feel-scala): each row is an expression and the result the
 * documentation gives for it. Pages, under https://docs.camunda.io/docs/8.8/components/modeler/feel/:
 *   B  builtin-functions/feel-built-in-functions-boolean
 *   S  builtin-functions/feel-built-in-functions-string
 *   L  builtin-functions/feel-built-in-functions-list
 *   N  builtin-functions/feel-built-in-functions-numeric
 *   C  builtin-functions/feel-built-in-functions-context
 *   V  builtin-functions/feel-built-in-functions-conversion
 *   T  builtin-functions/feel-built-in-functions-temporal
 *   M  builtin-functions/feel-built-in-functions-miscellaneous
 *   D  language-guide/feel-data-types (string literals)
 * Rows marked "null semantics" follow feel-scala's rule that a function given arguments it does not
 * accept evaluates to null instead of failing (language-guide/feel-expressions-introduction).
 * string() of a zoned date-time follows feel-scala's ConversionBuiltinFunctions: the offset is left
 * out when a zone id is present.
 */
import { expect } from 'chai';
import { FeelError, evaluateFeel, feelSyntaxError } from '../../../engine/feel/feel.js';

const opts = { nowMs: Date.parse('2026-12-06T02:00:00Z') };

type Row = [page: string, expression: string, result: unknown];

const ROWS: Row[] = [
  ['B', 'is defined(1)', true],
  ['B', 'is defined(null)', false],
  ['B', 'is defined(x)', false],
  ['B', 'is defined(x.y)', false],
  ['B', 'get or else("this", "default")', 'this'],
  ['B', 'get or else(null, "default")', 'default'],
  ['B', 'get or else(null, null)', null],
  ['B', 'assert(4, 4 >= 0)', 4],
  ['S', 'extract("references are 1234, 1256, 1378", "12[0-9]*")', ['1234', '1256']],
  ['S', 'extract("abc", "x")', []],
  ['S', 'trim("  hello world  ")', 'hello world'],
  ['S', 'trim("hello   world ")', 'hello   world'],
  ['S', 'to base64("FEEL")', 'RkVFTA=='],
  ['S', 'is blank("")', true],
  ['S', 'is blank(" ")', true],
  ['S', 'is blank("hello world")', false],
  ['S', 'string length(uuid())', 36],
  ['S', 'substring("foobar", -2)', 'ar'],
  ['S', 'replace("How do you feel?", "Feel", "FEEL", "i")', 'How do you FEEL?'],
  ['L', 'is empty([])', true],
  ['L', 'is empty([1,2,3])', false],
  ['L', 'duplicate values([1,2,3,2,1])', [1, 2]],
  ['L', 'duplicate values([{x:1},{x:2},{x:1}])', [{ x: 1 }]],
  ['L', 'partition([1,2,3,4,5], 2)', [[1, 2], [3, 4], [5]]],
  ['L', 'partition([], 2)', []],
  ['L', 'partition([1,2], 0)', null],
  ['L', 'string join(["a","b","c"])', 'abc'],
  ['L', 'string join(["a"], "X")', 'a'],
  ['L', 'string join(["a","b","c"], ", ")', 'a, b, c'],
  ['L', 'string join(["a","b","c"], ", ", "[", "]")', '[a, b, c]'],
  ['L', 'string join(["a",null,"c"])', 'ac'],
  ['L', 'string join([])', ''],
  ['L', 'distinct values([1,2,3,2,1])', [1, 2, 3]],
  ['L', 'sublist([1,2,3], 1, 2)', [1, 2]],
  ['N', 'random number() >= 0 and random number() < 1', true],
  ['C', 'get value({foo: 123}, "foo")', 123],
  ['C', 'get value({a: 1}, "b")', null],
  ['C', 'get value({x:1, y: {z:0}}, ["y", "z"])', 0],
  ['C', 'get value({x: {y: {z:0}}}, ["x", "y"])', { z: 0 }],
  ['C', 'get value({a: {b: 3}}, ["b"])', null],
  ['C', 'get entries({foo: 123})', [{ key: 'foo', value: 123 }]],
  ['C', 'context put({x:1}, "y", 2)', { x: 1, y: 2 }],
  ['C', 'context put({x:1, y: {z:0}}, ["y", "z"], 2)', { x: 1, y: { z: 2 } }],
  ['C', 'context merge([{x:1, y: 0}, {y:2}])', { x: 1, y: 2 }],
  ['C', 'put({x:1}, "y", 2)', { x: 1, y: 2 }],
  ['C', 'put all({x:1}, {y:2})', { x: 1, y: 2 }],
  ['V', 'number("1,500", ",")', 1500],
  ['V', 'number("1 500.5", " ", ".")', 1500.5],
  ['V', 'context([{"key":"a", "value":1}, {"key":"b", "value":2}])', { a: 1, b: 2 }],
  ['V', 'string(date and time("2026-12-06T10:00:00@Asia/Shanghai"))', '2026-12-06T10:00:00@Asia/Shanghai'],
  ['V', 'string(date and time("2012-12-25T11:00:00+02:00"))', '2012-12-25T11:00:00+02:00'],
  ['V', 'string(date and time(@"2020-07-31T14:27:30@Europe/Berlin", "America/Los_Angeles"))', '2020-07-31T05:27:30@America/Los_Angeles'],
  ['V', 'string(date and time(now(), "Asia/Shanghai"))', '2026-12-06T10:00:00@Asia/Shanghai'],
  ['V', 'string(date and time(@"2020-07-31T14:27:30", "Europe/Berlin"))', '2020-07-31T14:27:30@Europe/Berlin'],
  ['V', 'date and time(date("2012-12-24"), time("T23:59:00"))', '2012-12-24T23:59:00'],
  ['V', 'date and time(date and time("2012-12-25T11:00:00"), time("T23:59:00"))', '2012-12-25T23:59:00'],
  ['V', 'date and time(now(), "Nowhere/City")', null],
  ['T', 'day of week(date("2019-09-17"))', 'Tuesday'],
  ['T', 'day of year(date("2019-09-17"))', 260],
  ['T', 'week of year(date("2019-09-17"))', 38],
  ['T', 'month of year(date("2019-09-17"))', 'September'],
  ['T', 'last day of month(date("2022-10-01"))', '2022-10-31'],
  ['T', 'last day of month(date and time("2022-10-16T12:00:00"))', '2022-10-31'],
  ['T', 'last day of month(date("2024-02-10"))', '2024-02-29'],
  ['T', 'today()', '2026-12-06'],
  ['M', 'fromAi(7, "The user\'s ID", "number")', 7],
  ['M', 'fromAi(value: "a", type: "string")', 'a'],
  ['D', '"line one\nline two"', 'line one\nline two'],
  ['D', '"a\\nb"', 'a\nb'],
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
];

describe('engine/feel: Camunda 8.8 FEEL (feel-scala) conformance', () => {
  for (const [page, expression, result] of ROWS) {
    it(`${page}: ${expression.replace(/\n/g, '\\n')} → ${JSON.stringify(result)}`, () => {
      expect(evaluateFeel(expression, {}, opts)).to.deep.equal(result);
    });
  }

  it('B: assert fails the evaluation with its cause when the condition is not met', () => {
    expect(() => evaluateFeel('assert(x, x != null, "\'x\' should not be null")', {}, opts))
      .to.throw(FeelError, "'x' should not be null");
    expect(() => evaluateFeel('assert(-1, -1 >= 0)', {}, opts)).to.throw(FeelError, 'The condition is not fulfilled');
  });

  it('S: uuid() answers a new random UUID each time', () => {
    const a = evaluateFeel('uuid()', {}, opts);
    expect(a).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(evaluateFeel('uuid()', {}, opts)).not.to.equal(a);
  });

  it('a variable named like an extension wins over it, as over any built-in', () => {
    expect(evaluateFeel('trim', { trim: 'mine' }, opts)).to.equal('mine');
    expect(evaluateFeel('is empty(list)', { list: [] }, opts)).to.equal(true);
  });

  it('D: a string literal spanning lines passes the deployment syntax check', () => {
    expect(feelSyntaxError('"line one\nline two" + x')).to.equal(undefined);
    expect(feelSyntaxError('{a: "x\n"}.a // note "quoted"\n + "y"')).to.equal(undefined);
    expect(feelSyntaxError('"open\n')).to.be.a('string');
  });
});
