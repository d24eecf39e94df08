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
    readonly errorType: 'CONDITION_ERROR' | 'CALLED_ELEMENT_ERROR' | 'EXTRACT_VALUE_ERROR' | 'FORM_NOT_FOUND' | 'IO_MAPPING_ERROR',
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
