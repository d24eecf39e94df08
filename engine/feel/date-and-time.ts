/**
 * Camunda's `date and time(date, timezone)` (docs.camunda.io 8.8, feel-built-in-functions-conversion):
 * the date-time at another zone. feelin resolves `date and time` as a fixed constructor that the
 * context cannot override, so its two-argument calls are rewritten, once per expression, to a
 * function that handles a zone and hands every other pair of arguments back to feelin.
 */
import { evaluate, FeelDateTime, FeelFunction, parseExpression } from 'feelin';

const NAME = '__dateAndTime';

/** feel-scala: a local date-time gets the zone, a zoned one moves to the same instant in it; an unknown zone gives null. */
function atZone(dateTime: FeelDateTime, zoneId: string): FeelDateTime | null {
  // Java's ZoneId.of("Z") is UTC; feelin keeps UTC as the zone "UTC" and writes it as "Z"
  const zone = /^z$/i.test(zoneId) ? 'UTC' : zoneId;
  try {
    const local = dateTime.unwrap();
    const moved = dateTime.zone === null ? local : local.toZonedDateTime(dateTime.zone).withTimeZone(zone).toPlainDateTime();
    // validates the zone for the local case too
    local.toZonedDateTime(zone);
    return new FeelDateTime(moved, zone);
  } catch {
    return null;
  }
}

export const DATE_AND_TIME_FUNCTIONS: Readonly<Record<string, FeelFunction>> = {
  [NAME]: new FeelFunction((date: unknown, second: unknown) => {
    if (date instanceof FeelDateTime && typeof second === 'string') return atZone(date, second);
    const args: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    Object.assign(args, { a: date, b: second });
    return evaluate('date and time(a, b)', args).value;
  }, ['date', 'time']),
};

/** The text with its two-argument `date and time(…, …)` calls going to the zone-aware function; unchanged when there are none. */
export function withZoneOverload(text: string, names: Record<string, unknown>): string {
  if (!/date\s+and\s+time\s*\(/.test(text)) return text;
  const callees: Array<{ from: number; to: number }> = [];
  let broken = false;
  parseExpression(text, names, undefined).iterate({
    enter(ref) {
      if (ref.type.isError) broken = true;
      if (ref.name === 'DateTimeLiteral') {
        const callee = ref.node.getChild('DateTimeConstructor');
        const params = ref.node.getChild('PositionalParameters');
        let count = 0;
        for (let child = params?.firstChild; child; child = child.nextSibling) count++;
        if (callee && count === 2 && /^date\s+and\s+time$/.test(text.slice(callee.from, callee.to))) callees.push(callee);
      }
      return !broken;
    },
  });
  if (broken) return text;
  let result = text;
  for (const { from, to } of callees.sort((a, b) => b.from - a.from)) result = result.slice(0, from) + NAME + result.slice(to);
  return result;
}
