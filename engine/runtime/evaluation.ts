import { FeelError } from '../feel/feel.js';
import { TimerValueError } from '../timer/timer.js';

/**
 * How expression failures while an element runs become incidents. Kept apart from the lifecycle
 * so processors and behaviours can raise them without importing each other.
 */

export function feelOpts(ctx: { now(): number }) {
  return { nowMs: ctx.now() };
}

export class ActivationIncident extends Error {
  constructor(
    readonly errorType:
      | 'CONDITION_ERROR'
      | 'CALLED_ELEMENT_ERROR'
      | 'CALLED_DECISION_ERROR'
      | 'DECISION_EVALUATION_ERROR'
      | 'EXTRACT_VALUE_ERROR'
      | 'FORM_NOT_FOUND'
      | 'RESOURCE_NOT_FOUND'
      | 'IO_MAPPING_ERROR',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Maps an evaluation failure during activation to the incident Zeebe would raise: any other
 * expression (job type, correlation key, timer, message or signal name, ...) that fails to
 * evaluate is an EXTRACT_VALUE_ERROR.
 */
export function activationIncidentOf(err: unknown): ActivationIncident | undefined {
  if (err instanceof ActivationIncident) return err;
  if (err instanceof FeelError || err instanceof TimerValueError) return new ActivationIncident('EXTRACT_VALUE_ERROR', err.message);
  return undefined;
}

/**
 * Zeebe nil-initialises the variable an output element expression names (`=result`,
 * `=result.total`) as a local variable of each inner instance (multi-instance, ad-hoc
 * sub-process), so what a job or a sub-process sets under that name stays with its instance and
 * does not leak into the enclosing scope; an input element of the same name keeps its value
 * (camunda/zeebe#9947).
 */
export function outputElementVariable(outputElement: string | undefined): Record<string, null> {
  const name = outputElement === undefined ? undefined : /^\s*([A-Za-z_][A-Za-z0-9_]*)(?:\.[A-Za-z_][A-Za-z0-9_]*)*\s*$/.exec(outputElement)?.[1];
  return name === undefined ? {} : { [name]: null };
}
