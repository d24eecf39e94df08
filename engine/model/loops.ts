import type { ElementModel, ProcessModel } from './types.js';
import type { ProblemList } from './problems.js';

/**
 * Zeebe refuses at deployment a cycle of elements none of which waits (gateways, tasks that
 * complete at once, FEEL scripts, none throw events): once entered, a token would run round it
 * forever inside one command and hang the engine.
 */
function completesAtOnce(element: ElementModel): boolean {
  if (element.multiInstance) return false;
  switch (element.behavior) {
    case 'exclusiveGateway':
    case 'parallelGateway':
    case 'inclusiveGateway':
    case 'passThroughTask':
    case 'feelScriptTask':
      return true;
    case 'intermediateThrowEvent':
      return element.job === undefined;
    default:
      return false;
  }
}

/** Reports every straight-through loop once, naming its elements in flow order. */
export function checkStraightThroughLoops(model: ProcessModel, problems: ProblemList): void {
  const next = (element: ElementModel): ElementModel[] =>
    element.outgoing.flatMap((flowId) => {
      const target = model.elements.get(model.flows.get(flowId)?.targetId ?? '');
      return target && completesAtOnce(target) ? [target] : [];
    });
  // iterative depth-first search: a diagram may be large, the stack must not be
  const state = new Map<string, 'open' | 'done'>();
  for (const start of model.elements.values()) {
    if (!completesAtOnce(start) || state.has(start.id)) continue;
    const path: ElementModel[] = [start];
    const pending: ElementModel[][] = [next(start)];
    state.set(start.id, 'open');
    while (path.length > 0) {
      const candidates = pending[pending.length - 1];
      const candidate = candidates.pop();
      if (candidate === undefined) {
        state.set(path.pop()!.id, 'done');
        pending.pop();
        continue;
      }
      const seen = state.get(candidate.id);
      if (seen === 'open') {
        const loop = path.slice(path.findIndex((e) => e.id === candidate.id));
        problems.add(
          candidate.id,
          candidate.bpmnType,
          `Processes are not allowed to contain a straight-through processing loop: ${[...loop, candidate].map((e) => e.id).join(' > ')}`,
        );
      } else if (seen === undefined) {
        state.set(candidate.id, 'open');
        path.push(candidate);
        pending.push(next(candidate));
      }
    }
  }
}
