import type { ModdleElement } from './moddle.js';
import { idOf } from './moddle.js';
import type { ModelProblem } from './types.js';

/** Records one problem about the element the reporter was made for. */
export type Report = (message: string) => void;

/** Collects every problem of a deployment so that all of them are reported at once. */
export class ProblemList {
  readonly problems: ModelProblem[];

  constructor(initial: ModelProblem[] = []) {
    this.problems = [...initial];
  }

  get isEmpty(): boolean {
    return this.problems.length === 0;
  }

  hasProblemFor(elementId: string): boolean {
    return this.problems.some((problem) => problem.elementId === elementId);
  }

  add(elementId: string, elementType: string, message: string): void {
    this.problems.push({ elementId, elementType, message });
  }

  reporterFor(element: ModdleElement): Report {
    return (message) => this.add(idOf(element), element.$type, message);
  }

  reporterForId(elementId: string, elementType: string): Report {
    return (message) => this.add(elementId, elementType, message);
  }
}
