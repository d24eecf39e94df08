export type TimedKind = 'timer' | 'jobTimeout' | 'jobBackoff' | 'messageExpiry';

export interface TimedEntry {
  at: number;
  kind: TimedKind;
  key: number;
}

/**
 * Min-heap of everything that happens at a point in time. Entries are never removed early:
 * whoever pops one checks the record still wants it (lazy deletion keeps cancellation O(1)).
 */
export class TimeQueue {
  private readonly heap: TimedEntry[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(entry: TimedEntry): void {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent].at <= h[i].at) break;
      [h[parent], h[i]] = [h[i], h[parent]];
      i = parent;
    }
  }

  peek(): TimedEntry | undefined {
    return this.heap[0];
  }

  /** Removes and returns every entry due at or before `now`, earliest first. */
  popDue(now: number): TimedEntry[] {
    const due: TimedEntry[] = [];
    while (this.heap.length > 0 && this.heap[0].at <= now) due.push(this.pop()!);
    return due;
  }

  private pop(): TimedEntry | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l].at < h[m].at) m = l;
        if (r < h.length && h[r].at < h[m].at) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }
}
