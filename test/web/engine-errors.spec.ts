import { expect } from 'chai';
import { engineRefusal } from '../../web/engine-errors.js';
import { ApiProblem } from '../../web/http/problem.js';
import { engineProblem, EngineCallError } from '../../web/inbox/engine.js';

/** Any Latin letter: what the clerk reads must have none of the engine's English. */
const LATIN = /[A-Za-z]/;

describe('web/engine-errors engine refusals in Chinese', () => {
  const refusals: Array<{ what: string; status: number | undefined; detail: string; code: string; says: string }> = [
    {
      what: 'a task someone else holds',
      status: 409,
      detail: "Expected to assign user task with key '2251799813685311', but it is already assigned to 'mz-clerk-b'",
      code: 'conflict',
      says: '该任务已有办理人',
    },
    {
      what: 'a task whose listener still runs',
      status: 409,
      detail: "Expected to complete user task with key '2251799813685311', but it is in state 'ASSIGNING'",
      code: 'conflict',
      says: '流程引擎正在处理此任务',
    },
    {
      what: 'a task that ended',
      status: 409,
      detail: "Expected to assign user task with key '2251799813685311', but it is in state 'COMPLETED'",
      code: 'conflict',
      says: '已结束',
    },
    { what: 'a task the engine does not know', status: 404, detail: "Expected to complete user task with key '1', but no such user task was found", code: 'conflict', says: '已结束' },
    {
      what: 'a job out of retries',
      status: 409,
      detail: "Expected to resolve incident with key '7', but job with key '8' has no retries left. Please update the job retries and retry resolving the incident",
      code: 'conflict',
      says: '没有剩余重试次数',
    },
    { what: 'another conflict', status: 409, detail: 'Command rejected: something else', code: 'conflict', says: '状态已变化' },
    { what: 'a bad request', status: 400, detail: "Expected to complete user task with variables, but 'x' is not valid", code: 'conflict', says: '拒绝了此操作' },
    { what: 'credentials refused', status: 401, detail: 'Unauthorized', code: 'engine-unavailable', says: '联系系统管理员' },
    { what: 'an engine failure', status: 500, detail: 'java.lang.NullPointerException at io.camunda.zeebe', code: 'engine-unavailable', says: '暂时无法访问' },
    { what: 'an engine out of reach', status: undefined, detail: 'connect ECONNREFUSED 127.0.0.1:8080', code: 'engine-unavailable', says: '暂时无法访问' },
  ];
  for (const r of refusals) {
    it(`should word ${r.what} in Chinese, naming the action and never the engine's text`, () => {
      const problem = engineRefusal(r.status, r.detail, '领取');
      expect(problem).to.be.instanceOf(ApiProblem);
      expect(problem.code).to.equal(r.code);
      expect(problem.detail).to.match(/^领取未成功：/).and.include(r.says);
      expect(problem.detail).to.not.match(LATIN);
    });
  }

  it("should pass on a task listener's reason when it is written in Chinese, and not when it is English", () => {
    const chinese = engineRefusal(409, "Assignment of the User Task with key '5' was denied by Task Listener. Reason to deny: '王芳不在岗，B岗刘洋顶岗'", '指派');
    expect(chinese.detail).to.equal('指派未成功：王芳不在岗，B岗刘洋顶岗');
    const english = engineRefusal(409, "Assignment of the User Task with key '5' was denied by Task Listener. Reason to deny: 'not allowed'", '指派');
    expect(english.detail).to.equal('指派未成功：任务监听器拒绝了此操作');
  });

  it('should map the inbox engine client’s errors the same way, unreached engine included', () => {
    const taken = engineProblem(new EngineCallError(409, "Expected to assign user task with key '9', but it is already assigned to 'x'"), '领取');
    expect(taken.detail).to.equal('领取未成功：该任务已有办理人，请刷新后重试');
    const unreached = engineProblem(new EngineCallError(0, 'assign user task: no answer within 5000 ms'), '领取');
    expect(unreached.code).to.equal('engine-unavailable');
    expect(unreached.detail).to.not.match(LATIN);
  });
});
