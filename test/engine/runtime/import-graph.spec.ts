import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The engine's module graph: engine/runtime once imported itself in a circle (flow, events,
 * jobs, messages, signals, tokens, user tasks); its processors and behaviours now reach each
 * other through ctx.behaviors. Type-only imports count too: a cycle of types is still a knot.
 */

const ROOT = resolve('engine');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Relative imports and re-exports of a file, resolved to the .ts files they name. */
function localImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'/gm)].map((m) => m[1]);
  return specifiers.map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts')));
}

function graph(): Map<string, string[]> {
  return new Map(sourceFiles(ROOT).map((f) => [f, localImports(f)]));
}

function findCycle(edges: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'open') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'open');
    path.push(node);
    for (const next of edges.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of edges.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('engine module graph', () => {
  it('has no import cycle, type-only imports included', () => {
    const cycle = findCycle(graph());
    expect(cycle?.map((f) => relative(ROOT, f)), 'import cycle').to.equal(undefined);
  });

  it('lets a processor import no other processor, only the processor interface', () => {
    const processors = join(ROOT, 'runtime', 'processors');
    const offending: string[] = [];
    for (const [file, imports] of graph()) {
      if (dirname(file) !== processors || file.endsWith('registry.ts')) continue;
      for (const target of imports) {
        if (dirname(target) === processors && !target.endsWith('processor.ts')) offending.push(`${relative(ROOT, file)} → ${relative(ROOT, target)}`);
      }
    }
    expect(offending).to.deep.equal([]);
  });

  it('lets processors reach the lifecycle and the other behaviours only through ctx.behaviors', () => {
    const processors = join(ROOT, 'runtime', 'processors');
    // binding.ts: which version a binding type picks, a pure function of the context like evaluation.ts
    const allowed = new Set(['context.ts', 'records.ts', 'evaluation.ts', 'binding.ts', 'behaviors.ts', 'errors.ts'].map((f) => join(ROOT, 'runtime', f)));
    const offending: string[] = [];
    for (const [file, imports] of graph()) {
      if (dirname(file) !== processors) continue;
      for (const target of imports) {
        if (dirname(target) === join(ROOT, 'runtime') && !allowed.has(target)) offending.push(`${relative(ROOT, file)} → ${relative(ROOT, target)}`);
      }
    }
    expect(offending).to.deep.equal([]);
  });
});
