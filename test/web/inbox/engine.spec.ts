import type { CamundaRestClient } from '@camunda8/sdk';
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { createInboxEngine } from '../../../web/inbox/engine.js';

/** A stand-in for the SDK client: only what the calls under test use. */
function fakeClient(overrides: Partial<Record<keyof CamundaRestClient, unknown>>): CamundaRestClient {
  return overrides as unknown as CamundaRestClient;
}

const httpError = (statusCode: number, detail: string) => Object.assign(new Error(detail), { statusCode, detail });

describe('web/inbox engine gateway', () => {
  it('should ask for many tasks in one search, and fall back to one look-up per task for good when the engine refuses a key list', async () => {
    const searches: unknown[] = [];
    const lookups: string[] = [];
    const known: Record<string, { state: string; completionDate?: string }> = {
      '1': { state: 'CANCELED', completionDate: '2026-03-02T02:00:00.000Z' },
      '2': { state: 'CREATED' },
    };
    const engine = createInboxEngine(
      fakeClient({
        searchUserTasks: (request: unknown) => {
          searches.push(request);
          return Promise.reject(httpError(400, "Request property [filter.userTaskKey] cannot be parsed"));
        },
        getUserTask: (key: string) => {
          lookups.push(key);
          return known[key] ? Promise.resolve({ userTaskKey: key, ...known[key] }) : Promise.reject(httpError(404, 'not found'));
        },
      }),
    );

    const states = await engine.taskStates(['1', '2', '3']);
    expect(searches).to.deep.equal([{ filter: { userTaskKey: { $in: ['1', '2', '3'] } }, page: { from: 0, limit: 3 } }]);
    expect([...states]).to.deep.equal([
      ['1', { state: 'CANCELED', assignee: null, completionDate: new Date('2026-03-02T02:00:00.000Z') }],
      ['2', { state: 'CREATED', assignee: null, completionDate: null }],
    ]);
    // an unknown key is simply absent; the next check goes straight to look-ups
    await engine.taskStates(['2']);
    expect(searches).to.have.length(1);
    expect(lookups).to.deep.equal(['1', '2', '3', '2']);
  });

  it('should read the innermost scope’s value of a variable the task sees in several scopes, and a truncated value whole', async () => {
    const engine = createInboxEngine(
      fakeClient({
        searchUserTaskVariables: () =>
          Promise.resolve({
            items: [
              { name: 'decision', scopeKey: '2251799813685400', value: '"approve"', variableKey: 'v3' },
              { name: 'decision', scopeKey: '2251799813685249', value: 'null', variableKey: 'v1' },
              { name: 'reviews', scopeKey: '2251799813685249', value: '[null', isTruncated: true, variableKey: 'v2' },
            ],
            page: { totalItems: 3 },
          }),
        getVariable: ({ variableKey }: { variableKey: string }) => Promise.resolve({ variableKey, value: '[null,{"departmentCode":"ZJ"}]' }),
      }),
    );
    expect(await engine.taskVariables('1')).to.deep.equal({ decision: 'approve', reviews: [null, { departmentCode: 'ZJ' }] });
  });

  it("should ask the engine for a task's linked form once, however often the task's form is read before it is completed", async () => {
    const asked: string[] = [];
    const schema = readFileSync(new URL('../../../forms/acceptance-decision.form', import.meta.url), 'utf8');
    const engine = createInboxEngine(
      fakeClient({
        callApiEndpoint: ({ urlPath }: { urlPath: string }) => {
          asked.push(urlPath);
          const key = /user-tasks\/(\d+)\/form/.exec(urlPath)![1];
          // task 3 has no form
          return Promise.resolve(key === '3' ? '' : JSON.stringify({ formKey: '2251799813685300', formId: 'acceptance-decision', version: 1, schema }));
        },
        completeUserTask: () => Promise.resolve(),
      }),
    );

    const opened = await engine.form('1');
    expect(await engine.form('1')).to.equal(opened);
    // another task linked to the same form shares the parsed form
    expect(await engine.form('2')).to.equal(opened);
    expect(await engine.form('3')).to.equal(null);
    expect(await engine.form('3')).to.equal(null);
    expect(asked).to.deep.equal(['user-tasks/1/form', 'user-tasks/2/form', 'user-tasks/3/form']);

    // a completed task is forgotten
    await engine.complete('1', {});
    await engine.form('1');
    expect(asked).to.have.length(4);
  });
});
