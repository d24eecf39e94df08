/**
 * Insertions and replacements in an expression's text at positions of its parse tree, applied
 * together (the compiled-text rewrites: logic.ts, comparison-operators.ts, arithmetic.ts). Nodes
 * nest, so several edits can fall on one position: there a closing goes before an opening, and an
 * opening made earlier in the tree walk (an outer node) before one made later (an inner node).
 */
interface Edit {
  from: number;
  to: number;
  text: string;
  rank: number;
}

export class TextEdits {
  private readonly edits: Edit[] = [];

  get size(): number {
    return this.edits.length;
  }

  /** Text that opens a node, or replaces its part from..to (an operator). */
  open(from: number, to: number, text: string): void {
    this.edits.push({ from, to, text, rank: this.edits.length + 1 });
  }

  /** Text that closes a node at its end. */
  close(at: number, text: string): void {
    this.edits.push({ from: at, to: at, text, rank: 0 });
  }

  apply(text: string): string {
    // from the last position backwards, so that the positions before stay valid
    const ordered = [...this.edits].sort((a, b) => b.from - a.from || b.rank - a.rank);
    let result = text;
    for (const { from, to, text: inserted } of ordered) result = result.slice(0, from) + inserted + result.slice(to);
    return result;
  }
}
