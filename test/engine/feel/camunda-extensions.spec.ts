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
 *   R  builtin-functions/feel-built-in-functions-range
 *   BE language-guide/feel-boolean-expressions (comparison, null check, and/or, instance of, in)
 *   EH language-guide/feel-error-handling ("if something goes wrong, return null")
 *   CF language-guide/feel-control-flow (if-then-else)
 *   LE language-guide/feel-list-expressions (some/every)
 *   FS feel-scala 1.19.5 (the FEEL engine of Zeebe 8.8), src/test/scala/org/camunda/feel/impl/:
 *      interpreter/ComparisonTypeTest, interpreter/InterpreterListExpressionTest,
 *      interpreter/InterpreterNumberExpressionTest, builtin/BuiltinNumberFunctionTest,
 *      builtin/BuiltinListFunctionsTest; where no test covers a case, FeelInterpreter's dualOp and
 *      checkEquality (ValComparator) and BuiltinFunction's "Illegal arguments" (a null call)
 * Rows marked "null semantics" follow feel-scala's rule that a function given arguments it does not
 * accept evaluates to null instead of failing (language-guide/feel-expressions-introduction).
 * string() of a zoned date-time follows feel-scala's ConversionBuiltinFunctions: the offset is left
 * out when a zone id is present.
 */
import { expect } from 'chai';
import { FeelError, evaluateCondition, evaluateFeel, evaluateUnaryTests, feelSyntaxError } from '../../../engine/feel/feel.js';

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
  ['C', 'context put({x:1}, ["y"], 2)', { x: 1, y: 2 }],
  ['C', 'context put({x:1}, ["y", "z"], 2)', { x: 1, y: { z: 2 } }],
  ['C', 'context merge([{x:1}, {y:2}])', { x: 1, y: 2 }],
  ['C', 'context put({x:1}, [], 2)', null],
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
  // documented examples of feel-scala's own built-ins (FEEL 1.19, as Zeebe 8.8 ships it)
  ['B', 'not(true)', false],
  ['B', 'not(null)', null],
  ['S', 'substring("foobar", 3)', 'obar'],
  ['S', 'substring("foobar", 3, 3)', 'oba'],
  ['S', 'substring("foobar", -3, 2)', 'ba'],
  ['S', 'substring("foobar", 3, 10)', 'obar'],
  ['S', 'string length("foo")', 3],
  ['S', 'upper case("aBc4")', 'ABC4'],
  ['S', 'lower case("aBc4")', 'abc4'],
  ['S', 'substring before("foobar", "bar")', 'foo'],
  ['S', 'substring after("foobar", "ob")', 'ar'],
  ['S', 'contains("foobar", "of")', false],
  ['S', 'starts with("foobar", "fo")', true],
  ['S', 'ends with("foobar", "r")', true],
  ['S', 'matches("foobar", "^fo*bar")', true],
  ['S', 'matches("FooBar", "foo", "i")', true],
  ['S', 'replace("abcd", "(ab)|(a)", "[1=$1][2=$2]")', '[1=ab][2=]cd'],
  ['S', 'replace("0123456789", "(\\d{3})(\\d{3})(\\d{4})", "($1) $2-$3")', '(012) 345-6789'],
  ['S', 'split("John Doe", "\\s" )', ['John', 'Doe']],
  ['S', 'split("a;b;c;;", ";")', ['a', 'b', 'c', '', '']],
  ['L', 'list contains([1,2,3], 2)', true],
  ['L', 'count([1,2,3])', 3],
  ['L', 'min([1,2,3])', 1],
  ['L', 'min(1,2,3)', 1],
  ['L', 'max([1,2,3])', 3],
  ['L', 'max(1,2,3)', 3],
  ['L', 'sum([1,2,3])', 6],
  ['L', 'sum(1,2,3)', 6],
  ['L', 'product([2, 3, 4])', 24],
  ['L', 'product(2, 3, 4)', 24],
  ['L', 'mean([1,2,3])', 2],
  ['L', 'mean(1,2,3)', 2],
  ['L', 'median(8, 2, 5, 3, 4)', 4],
  ['L', 'median([6, 1, 2, 3])', 2.5],
  ['L', 'stddev(2, 4, 7, 5)', 2.0816659994661326],
  ['L', 'stddev([2, 4, 7, 5])', 2.0816659994661326],
  ['L', 'mode(6, 3, 9, 6, 6)', [6]],
  ['L', 'mode([6, 1, 9, 6, 1])', [1, 6]],
  ['L', 'all([true,false])', false],
  ['L', 'all(false,null,true)', false],
  ['L', 'any([false,true])', true],
  ['L', 'any(false,null,true)', true],
  ['L', 'sublist([1,2,3], 2)', [2, 3]],
  ['L', 'append([1], 2, 3)', [1, 2, 3]],
  ['L', 'concatenate([1,2],[3])', [1, 2, 3]],
  ['L', 'concatenate([1],[2],[3])', [1, 2, 3]],
  ['L', 'insert before([1,3],1,2)', [2, 1, 3]],
  ['L', 'remove([1,2,3], 2)', [1, 3]],
  ['L', 'reverse([1,2,3])', [3, 2, 1]],
  ['L', 'index of([1,2,3,2],2)', [2, 4]],
  ['L', 'union([1,2],[2,3])', [1, 2, 3]],
  ['L', 'flatten([[1,2],[[3]], 4])', [1, 2, 3, 4]],
  ['L', 'sort(list: [3,1,4,5,2], precedes: function(x,y) x < y)', [1, 2, 3, 4, 5]],
  ['N', 'decimal(1/3, 2)', 0.33],
  ['N', 'decimal(1.5, 0)', 2],
  ['N', 'floor(1.5)', 1],
  ['N', 'floor(-1.5)', -2],
  ['N', 'floor(-1.56, 1)', -1.6],
  ['N', 'ceiling(1.5)', 2],
  ['N', 'ceiling(-1.5)', -1],
  ['N', 'ceiling(-1.56, 1)', -1.5],
  ['N', 'round up(5.5, 0)', 6],
  ['N', 'round up(-5.5, 0)', -6],
  ['N', 'round up(1.121, 2)', 1.13],
  ['N', 'round up(-1.126, 2)', -1.13],
  ['N', 'round down(5.5, 0)', 5],
  ['N', 'round down(-5.5, 0)', -5],
  ['N', 'round down(1.121, 2)', 1.12],
  ['N', 'round down(-1.126, 2)', -1.12],
  ['N', 'round half up(5.5, 0)', 6],
  ['N', 'round half up(-5.5, 0)', -6],
  ['N', 'round half up(1.121, 2)', 1.12],
  ['N', 'round half up(-1.126, 2)', -1.13],
  ['N', 'round half down(5.5, 0)', 5],
  ['N', 'round half down(-5.5, 0)', -5],
  ['N', 'round half down(1.121, 2)', 1.12],
  ['N', 'round half down(-1.126, 2)', -1.13],
  ['N', 'abs(10)', 10],
  ['N', 'abs(-10)', 10],
  ['N', 'modulo(12, 5)', 2],
  ['N', 'sqrt(16)', 4],
  ['N', 'log(10)', 2.302585092994046],
  ['N', 'exp(5)', 148.4131591025766],
  ['N', 'odd(5)', true],
  ['N', 'odd(2)', false],
  ['N', 'even(5)', false],
  ['N', 'even(2)', true],
  ['V', 'string(1.1)', '1.1'],
  ['V', 'string(date("2012-12-25"))', '2012-12-25'],
  ['V', 'number("1500.5")', 1500.5],
  ['V', 'string(date("2018-04-29"))', '2018-04-29'],
  ['V', 'string(date(date and time("2012-12-25T11:00:00")))', '2012-12-25'],
  ['V', 'string(date(2012, 12, 25))', '2012-12-25'],
  ['V', 'date("2024-06-31")', null],
  ['V', 'date(2024, 6, 31)', null],
  ['V', 'string(time("12:00:00"))', '12:00:00'],
  ['V', 'string(time(date and time("2012-12-25T11:00:00")))', '11:00:00'],
  ['V', 'string(time(23, 59, 0))', '23:59:00'],
  ['V', 'string(time(14, 30, 0, duration("PT1H")))', '14:30:00+01:00'],
  ['V', 'string(date and time("2018-04-29T09:30:00"))', '2018-04-29T09:30:00'],
  ['V', 'date and time("2024-06-31T10:00:00")', null],
  ['V', 'string(date and time(date("2012-12-24"),time("T23:59:00")))', '2012-12-24T23:59:00'],
  ['V', 'string(duration("P5D"))', 'P5D'],
  ['V', 'string(duration("P32Y"))', 'P32Y'],
  // the page prints 12:27:30Z, the local time read in Berlin; feel-scala's date and time(local, zone) keeps the wall-clock time (atZone)
  ['V', 'string(date and time(@"2020-07-31T14:27:30", "Z"))', '2020-07-31T14:27:30Z'],
  ['V', 'string(years and months duration(date("2011-12-22"), date("2013-08-24")))', 'P1Y8M'],
  // string() as feel-scala writes values (ConversionBuiltinFunctions, Val#toString)
  ['V', 'string(@"2025-01-01T10:00:00@Europe/Berlin")', '2025-01-01T10:00:00@Europe/Berlin'],
  ['V', 'string(date and time("2025-01-01T10:00:00+02:00"))', '2025-01-01T10:00:00+02:00'],
  ['V', 'string(date and time("2025-01-01T10:00:00Z"))', '2025-01-01T10:00:00Z'],
  ['V', 'string(time("10:31:10@Europe/Paris"))', '10:31:10@Europe/Paris'],
  ['V', 'string(time("13:30"))', '13:30:00'],
  ['V', 'string(duration("P1D"))', 'P1D'],
  ['V', 'string(duration("PT36H"))', 'P1DT12H'],
  ['V', 'string(duration("-PT5H"))', '-PT5H'],
  ['V', 'string(duration("PT0S"))', 'P0D'],
  ['V', 'string(duration("P0Y"))', 'P0Y'],
  ['V', 'string(duration("P14M"))', 'P1Y2M'],
  ['V', 'string(duration("PT1.5S"))', 'PT1S'],
  ['V', 'string([1, "a", null])', '[1, "a", null]'],
  ['V', 'string({a: 1, b: "x", c: [true]})', '{a:1, b:"x", c:[true]}'],
  ['V', 'string(null)', null],
  ['T', 'day of week(date and time("2019-09-17T12:00:00"))', 'Tuesday'],
  ['T', 'day of year(date and time("2019-09-17T12:00:00"))', 260],
  ['T', 'week of year(date and time("2019-09-17T12:00:00"))', 38],
  ['T', 'month of year(date and time("2019-09-17T12:00:00"))', 'September'],
  ['T', 'string(abs(duration("-PT5H")))', 'PT5H'],
  ['T', 'string(abs(duration("PT5H")))', 'PT5H'],
  ['T', 'string(abs(duration("-P2M")))', 'P2M'],
  ['R', 'before(1, 10)', true],
  ['R', 'before(10, 1)', false],
  ['R', 'before([1..5], 10)', true],
  ['R', 'before(1, [2..5])', true],
  ['R', 'before([1..5], [6..10])', true],
  ['R', 'before([1..5),[5..10])', true],
  ['R', 'after(10, 1)', true],
  ['R', 'after(1, 10)', false],
  ['R', 'after([1..5], 10)', false],
  ['R', 'after(12, [2..5])', true],
  ['R', 'after([6..10], [1..5])', true],
  ['R', 'after([5..10], [1..5))', true],
  ['R', 'meets([1..5], [5..10])', true],
  ['R', 'meets([1..3], [4..6])', false],
  ['R', 'meets([1..3], [3..5])', true],
  ['R', 'meets([1..5], (5..8])', false],
  ['R', 'met by([5..10], [1..5])', true],
  ['R', 'met by([3..4], [1..2])', false],
  ['R', 'met by([3..5], [1..3])', true],
  ['R', 'met by((5..8], [1..5))', false],
  ['R', 'met by([5..10], [1..5))', false],
  ['R', 'overlaps([5..10], [1..6])', true],
  ['R', 'overlaps((3..7], [1..4])', true],
  ['R', 'overlaps([1..3], (3..6])', false],
  ['R', 'overlaps((5..8], [1..5))', false],
  ['R', 'overlaps([4..10], [1..5))', true],
  ['R', 'overlaps before([1..5], [4..10])', true],
  ['R', 'overlaps before([3..4], [1..2])', false],
  ['R', 'overlaps before([1..3], (3..5])', false],
  ['R', 'overlaps before([1..5), (3..8])', true],
  ['R', 'overlaps before([1..5), [5..10])', false],
  ['R', 'overlaps after([4..10], [1..5])', true],
  ['R', 'overlaps after([3..4], [1..2])', false],
  ['R', 'overlaps after([3..5], [1..3))', false],
  ['R', 'overlaps after((5..8], [1..5))', false],
  ['R', 'overlaps after([4..10], [1..5))', true],
  ['R', 'finishes(5, [1..5])', true],
  ['R', 'finishes(10, [1..7])', false],
  ['R', 'finishes([3..5], [1..5])', true],
  ['R', 'finishes((1..5], [1..5))', false],
  ['R', 'finishes([5..10], [1..10))', false],
  ['R', 'finished by([5..10], 10)', true],
  ['R', 'finished by([3..4], 2)', false],
  ['R', 'finished by([1..5], [3..5])', true],
  ['R', 'finished by((5..8], [1..5))', false],
  ['R', 'finished by([5..10], (1..10))', false],
  ['R', 'includes([5..10], 6)', true],
  ['R', 'includes([3..4], 5)', false],
  ['R', 'includes([1..10], [4..6])', true],
  ['R', 'includes((5..8], [1..5))', false],
  ['R', 'includes([1..10], [1..5))', true],
  ['R', 'during(5, [1..10])', true],
  ['R', 'during(12, [1..10])', false],
  ['R', 'during(1, (1..10])', false],
  ['R', 'during([4..6], [1..10))', true],
  ['R', 'during((1..5], (1..10])', true],
  ['R', 'starts(1, [1..5])', true],
  ['R', 'starts(1, (1..8])', false],
  ['R', 'starts((1..5], [1..5])', false],
  ['R', 'starts([1..10], [1..5])', false],
  ['R', 'starts((1..5), (1..10))', true],
  ['R', 'started by([1..10], 1)', true],
  ['R', 'started by((1..10], 1)', false],
  ['R', 'started by([1..10], [1..5])', true],
  ['R', 'started by((1..10], [1..5))', false],
  ['R', 'started by([1..10], [1..10))', true],
  ['R', 'coincides(5, 5)', true],
  ['R', 'coincides(3, 4)', false],
  ['R', 'coincides([1..5], [1..5])', true],
  ['R', 'coincides((1..5], [1..5))', false],
  ['R', 'coincides([1..5], [2..6])', false],
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

describe('engine/feel: Camunda 8.8 FEEL (feel-scala) conformance', () => {
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
