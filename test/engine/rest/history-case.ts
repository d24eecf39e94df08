import type { TestEngine } from '../../support/engine.js';
import { activateOne, rawCall, waitFor, waitForState } from './helpers.js';

/**
 * A case of history-records.bpmn run to its end: the review task completed by its assignee, the
 * archive job failed into an incident, given a retry, the incident resolved and the job done.
 */
export async function runRecordedCase(t: TestEngine, caseNumber: string) {
  const created = await t.client.createProcessInstance({ processDefinitionId: 'history-records', variables: { caseNumber, reviewer: 'clerk-1' } });
  const processInstanceKey = created.processInstanceKey;
  const task = await waitFor(
    async () => (await t.client.searchUserTasks({ filter: { processInstanceKey } })).items,
    (items) => items.length === 1 && items[0].state === 'CREATED',
    'the review task',
  );
  await t.client.completeUserTask({ userTaskKey: task[0].userTaskKey, variables: { opinion: '同意' } });
  const failing = await activateOne(t.client, 'history-archive');
  await t.client.failJob({ jobKey: failing.jobKey, retries: 0, errorMessage: 'archive offline', retryBackOff: 0 });
  const [incident] = (await t.client.searchIncidents({ filter: { processInstanceKey } })).items;
  await rawCall(t, 'PATCH', `/jobs/${failing.jobKey}`, { changeset: { retries: 1 } });
  await t.client.resolveIncident(incident.incidentKey);
  const retried = await activateOne(t.client, 'history-archive');
  await t.client.completeJob({ jobKey: retried.jobKey, variables: { archivedAs: `A-${caseNumber}` } });
  await waitForState(t.client, processInstanceKey, 'COMPLETED');
  return { processInstanceKey, userTaskKey: task[0].userTaskKey, jobKey: failing.jobKey, incidentKey: incident.incidentKey };
}
