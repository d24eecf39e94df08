/**
 * How a handler says what went wrong. A business outcome becomes a BPMN error the diagram
 * catches; bad input from a diagram is a modelling defect that no retry fixes, so it raises an
 * incident at once naming the variable; anything else is technical and retried with back-off.
 */
export class BusinessOutcome extends Error {
  constructor(
    /** the BPMN error code the diagram catches, from docs/procedures.md */
    readonly errorCode: string,
    message: string,
    readonly variables: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'BusinessOutcome';
  }
}

export class InvalidJobInput extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`variable '${variable}': ${message}`);
    this.name = 'InvalidJobInput';
  }
}
