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

/**
 * The job came before its time: the deadline it watches moved later after its timer was armed
 * (a year's holiday schedule entered, docs/decisions/0013). The job is handed back, retries kept,
 * to come again when the deadline arrives.
 */
export class NotDueYet extends Error {
  constructor(
    readonly due: Date,
    message: string,
  ) {
    super(message);
    this.name = 'NotDueYet';
  }
}
