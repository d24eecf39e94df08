import type { CaseType } from '../catalogue/types.js';

/**
 * The diagram that runs a case of each type (docs/procedures.md). A controlled item (控制事项,
 * 明确答复制) has no diagram of its own: what it needs is a clear yes or no with the reasons,
 * within a time the center promises, which is the promised case's path (acceptance decision,
 * review, a decision notice stating the reasons of a refusal).
 */
export const PROCESS_OF_CASE_TYPE: Record<CaseType, string> = {
  immediate: 'immediate-case',
  promised: 'promised-case',
  joint: 'joint-approval',
  reported: 'reported-case',
  controlled: 'promised-case',
};
