import type { JobWorkerUserTaskSettings } from '../model/types.js';
import { evaluateStringList } from '../feel/feel.js';
import type { RuntimeContext } from './context.js';
import type { ElementInstanceRecord, Variables } from './records.js';
import { linkedForm } from './definitions.js';
import { feelOpts } from './evaluation.js';
import { optionalString } from './user-tasks.js';

/**
 * The io.camunda.zeebe:* headers of a job-worker user task's job, evaluated when the job is created
 * as Zeebe 8.8 does (BpmnJobBehavior): candidates as a JSON list, a linked form as the key of the
 * version its binding type picks, as for a Camunda user task. A failing expression or a missing form raises the incident Zeebe raises.
 */
export function jobWorkerUserTaskHeaders(ctx: RuntimeContext, ei: ElementInstanceRecord, settings: JobWorkerUserTaskSettings, vars: Variables): Record<string, string> {
  const opts = feelOpts(ctx);
  const headers: Record<string, string> = {};
  const put = (name: string, value: string | undefined) => {
    if (value) headers[`io.camunda.zeebe:${name}`] = value;
  };
  put('assignee', optionalString(ctx, settings.assignee, vars));
  if (settings.candidateGroups) put('candidateGroups', JSON.stringify(evaluateStringList(settings.candidateGroups, vars, opts)));
  if (settings.candidateUsers) put('candidateUsers', JSON.stringify(evaluateStringList(settings.candidateUsers, vars, opts)));
  put('dueDate', optionalString(ctx, settings.dueDate, vars));
  put('followUpDate', optionalString(ctx, settings.followUpDate, vars));
  if (settings.formId) put('formKey', String(linkedForm(ctx, ei, settings.formId, settings.formBinding).key));
  return headers;
}
