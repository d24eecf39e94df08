import type { Task } from '../../domain/store/index.js';
import { authenticatedOf, inputOf } from '../http/context.js';
import { ApiProblem } from '../http/problem.js';
import { knownTask, mayViewNow } from '../inbox/access.js';
import type { Api } from '../openapi/routes.js';
import type { ApiContext } from './context.js';

/** Field by field, so a column added to the task store is not published by accident. */
const taskBody = (t: Task) => ({
  userTaskKey: t.userTaskKey,
  name: t.name,
  elementId: t.elementId,
  processInstanceKey: t.processInstanceKey,
  caseId: t.caseId,
  candidateGroups: t.candidateGroups,
  departmentCode: t.departmentCode,
  assignee: t.assignee,
  coveringFor: t.coveringFor,
  dueAt: t.dueAt?.toISOString() ?? null,
  formId: t.formId,
  state: t.state,
  createdAt: t.createdAt.toISOString(),
  completedAt: t.completedAt?.toISOString() ?? null,
});

export function registerTaskRoutes(api: Api, { store, clock }: ApiContext): void {
  api.get('/api/tasks/{key}', 'getTask', async (_req, res) => {
    const { principal } = authenticatedOf(res);
    const task = await knownTask(store, principal, inputOf(res).params.key, clock());
    // the head of its department knows of it to hand it out, without reading it
    if (!(await mayViewNow(store, principal, task, clock()))) throw new ApiProblem('forbidden', '该任务不属于您的部门或岗位，无权查看');
    res.json(taskBody(task));
  });
}
