/**
 * Command rejections, named after Zeebe's rejection types so the REST layer can map them to the
 * status codes and titles Camunda's gateway uses.
 */
export type RejectionType = 'INVALID_ARGUMENT' | 'NOT_FOUND' | 'INVALID_STATE' | 'ALREADY_EXISTS' | 'DEADLINE_EXCEEDED' | 'FORBIDDEN';

const STATUS: Record<RejectionType, number> = {
  INVALID_ARGUMENT: 400,
  NOT_FOUND: 404,
  INVALID_STATE: 409,
  ALREADY_EXISTS: 409,
  DEADLINE_EXCEEDED: 504,
  FORBIDDEN: 403,
};

export class CommandRejection extends Error {
  readonly status: number;
  constructor(
    readonly type: RejectionType,
    message: string,
    /** extra data for the problem document, e.g. the offending element ids */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'CommandRejection';
    this.status = STATUS[type];
  }
}

export const notFound = (message: string) => new CommandRejection('NOT_FOUND', message);
export const invalidArgument = (message: string, details?: Record<string, unknown>) =>
  new CommandRejection('INVALID_ARGUMENT', message, details);
export const invalidState = (message: string) => new CommandRejection('INVALID_STATE', message);
