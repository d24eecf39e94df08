/**
 * A line diff for the designer (a saved diagram or form against what the engine runs): Myers'
 * O((N+M)·D) shortest edit script on the lines between the common head and tail, shown as
 * unified-diff hunks. When the two differ in more than MAX_EDITS lines the middle is shown as
 * removed and added whole, so a pasted-over file cannot make the diff take quadratic memory.
 */

export type DiffLine = { op: ' ' | '-' | '+'; text: string };

export interface Hunk {
  /** 1-based first line in the old text (0 when the hunk only adds to an empty text) */
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** each line prefixed with ' ', '-' or '+' */
  lines: string[];
}

export interface LineDiff {
  identical: boolean;
  added: number;
  removed: number;
  hunks: Hunk[];
}

const MAX_EDITS = 2000;
const CONTEXT = 3;

export const splitLines = (text: string): string[] => {
  if (text === '') return [];
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines;
};

/** The edit script between a and b, or undefined when it is longer than maxEdits. */
function myers(a: readonly string[], b: readonly string[], maxEdits: number): DiffLine[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, maxEdits);
  // v[k + offset] = furthest x on diagonal k; trace[d] keeps the diagonals -d..d as they were before step d
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return undefined;

  const script: DiffLine[] = [];
  let x = n;
  let y = m;
  for (let d = found; d >= 0; d--) {
    const saved = trace[d];
    // saved[i] is diagonal i - d - 1
    const at = (k: number) => saved[k + d + 1];
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      script.push({ op: ' ', text: a[x - 1] });
      x--;
      y--;
    }
    if (d > 0) {
      if (x === prevX) script.push({ op: '+', text: b[prevY] });
      else script.push({ op: '-', text: a[prevX] });
    }
    x = prevX;
    y = prevY;
  }
  return script.reverse();
}

/** Every line of the two texts, kept, removed or added, in order. */
export function diffScript(oldText: string, newText: string): DiffLine[] {
  const a = splitLines(oldText);
  const b = splitLines(newText);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const middle = myers(midA, midB, MAX_EDITS) ?? [...midA.map((text) => ({ op: '-' as const, text })), ...midB.map((text) => ({ op: '+' as const, text }))];
  return [...a.slice(0, head).map((text) => ({ op: ' ' as const, text })), ...middle, ...a.slice(a.length - tail).map((text) => ({ op: ' ' as const, text }))];
}

/** The unified diff of two texts, with three lines of context around each change. */
export function lineDiff(oldText: string, newText: string): LineDiff {
  const script = diffScript(oldText, newText);
  const added = script.filter((l) => l.op === '+').length;
  const removed = script.filter((l) => l.op === '-').length;
  const hunks: Hunk[] = [];
  // old and new line numbers (1-based) of each script entry
  let oldNo = 0;
  let newNo = 0;
  const numbered = script.map((line) => {
    if (line.op !== '+') oldNo++;
    if (line.op !== '-') newNo++;
    return { ...line, oldNo, newNo };
  });
  let i = 0;
  while (i < numbered.length) {
    if (numbered[i].op === ' ') {
      i++;
      continue;
    }
    // a hunk: context before, changes joined while fewer than 2 × CONTEXT equal lines part them, context after
    const start = Math.max(0, i - CONTEXT);
    let end = i;
    for (;;) {
      while (end < numbered.length && numbered[end].op !== ' ') end++;
      let gap = end;
      while (gap < numbered.length && numbered[gap].op === ' ' && gap - end < 2 * CONTEXT) gap++;
      if (gap < numbered.length && numbered[gap].op !== ' ') end = gap;
      else break;
    }
    const stop = Math.min(numbered.length, end + CONTEXT);
    const slice = numbered.slice(start, stop);
    const oldLines = slice.filter((l) => l.op !== '+').length;
    const newLines = slice.filter((l) => l.op !== '-').length;
    const first = slice[0];
    hunks.push({
      oldStart: oldLines === 0 ? first.oldNo : first.oldNo - (first.op === '+' ? 0 : 1) + 1,
      oldLines,
      newStart: newLines === 0 ? first.newNo : first.newNo - (first.op === '-' ? 0 : 1) + 1,
      newLines,
      lines: slice.map((l) => l.op + l.text),
    });
    i = stop;
  }
  return { identical: added === 0 && removed === 0, added, removed, hunks };
}
