import type { FormJsSchema } from '../../domain/forms/types.js';
import { validateSubmission } from '../../domain/forms/submission-schema.js';
import { ApiProblem } from '../http/problem.js';

/**
 * A complaint-registration submission as the pages send it: the form's fields and the page's
 * submissionKey beside them. The fields are checked against the form itself (the one the pages
 * show), so page and API cannot disagree; any finding answers 400 naming the field.
 */
export function formSubmission(form: FormJsSchema, body: Record<string, unknown>, fixed: Record<string, unknown> = {}): { submissionKey: string; data: Record<string, unknown> } {
  const { submissionKey, ...fields } = body;
  const checked = validateSubmission(form, { ...fields, ...fixed });
  if (!checked.ok) {
    throw new ApiProblem(
      'validation',
      checked.errors.map((e) => e.message).join('；'),
      checked.errors.map((e) => ({ in: 'body', field: e.field, message: e.message })),
    );
  }
  return { submissionKey: String(submissionKey), data: checked.data };
}
