import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { activateNow, activateOne, rawCall, rejection, waitForState } from './helpers.js';

describe('engine/rest process instances', () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
    await t.deployFixtures(
      'engine/rest/pi-variables.bpmn',
      'engine/rest/pi-result.bpmn',
      'engine/rest/pi-cancel.bpmn',
      'engine/rest/pi-set-variables.bpmn',
    );
  });
  after(() => t.stop());

  describe('creation', () => {
    it('should create an instance whose job sees the given variables', async () => {
      const variables = { order: { id: 'A-1', lines: [1, 2] }, amount: 12.5, express: true, note: null, customer: 'Ada' };

      const created = await t.client.createProcessInstance({ processDefinitionId: 'pi-variables', variables });

      expect(created.processDefinitionId).to.equal('pi-variables');
      expect(created.processDefinitionVersion).to.equal(1);
      expect(created.processInstanceKey).to.match(/^\d+$/);
      const job = await activateOne(t.client, 'pi-variables-job');
      expect(job.processInstanceKey).to.equal(created.processInstanceKey);
      expect(job.variables).to.deep.equal(variables);
      const found = await t.client.searchProcessInstances({ filter: { processInstanceKey: created.processInstanceKey } });
      expect(found.items).to.have.length(1);
      expect(found.items[0]).to.include({ state: 'ACTIVE', processDefinitionId: 'pi-variables', hasIncident: false });
    });

    it('should return the final variables of an instance created with result', async () => {
      const created = await t.client.createProcessInstanceWithResult({ processDefinitionId: 'pi-result', variables: { price: 4, quantity: 3 } });

      expect(created.variables).to.deep.equal({ price: 4, quantity: 3, total: 12, label: 'total: 12' });
      expect(await waitForState(t.client, created.processInstanceKey, 'COMPLETED')).to.equal('COMPLETED');
    });

    it('should return only the fetched variables of an instance created with result', async () => {
      const created = await t.client.createProcessInstanceWithResult({
        processDefinitionId: 'pi-result',
        variables: { price: 2, quantity: 5 },
        fetchVariables: ['total', 'label'],
      });

      expect(created.variables).to.deep.equal({ total: 10, label: 'total: 10' });
    });

    it('should answer 504 when an instance created with result does not complete within the request timeout', async () => {
      const res = await rawCall(t, 'POST', '/process-instances', {
        processDefinitionId: 'pi-set-variables',
        variables: { jobPrefix: 'pi-timeout' },
        awaitCompletion: true,
        requestTimeout: 100,
      });

      expect(res.status).to.equal(504);
      expect(res.contentType).to.match(/^application\/problem\+json/);
    });

    it('should reject an unknown process id with 404 naming it', async () => {
      const problem = await rejection(t.client.createProcessInstance({ processDefinitionId: 'pi-no-such-process', variables: {} }));

      expect(problem.statusCode).to.equal(404);
      expect(problem.title).to.equal('NOT_FOUND');
      expect(problem.detail).to.equal("Expected to find process definition with process ID 'pi-no-such-process', but none found");
    });

    it('should reject an unknown process definition key or version with 404', async () => {
      const byKey = await rejection(t.client.createProcessInstance({ processDefinitionKey: '2251799813999999', variables: {} }));
      expect(byKey.statusCode).to.equal(404);
      expect(byKey.detail).to.include("'2251799813999999'");

      const byVersion = await rejection(
        t.client.createProcessInstance({ processDefinitionId: 'pi-variables', processDefinitionVersion: 7, variables: {} }),
      );
      expect(byVersion.statusCode).to.equal(404);
      expect(byVersion.detail).to.include("version '7'");
    });

    for (const [what, variables] of [
      ['an array', [{ a: 1 }]],
      ['a string', 'a=1'],
      ['a number', 42],
    ] as const) {
      it(`should reject variables that are ${what} with 400`, async () => {
        const res = await rawCall(t, 'POST', '/process-instances', { processDefinitionId: 'pi-variables', variables });

        expect(res.status).to.equal(400);
        expect(res.contentType).to.match(/^application\/problem\+json/);
        expect(res.body).to.include({ title: 'INVALID_ARGUMENT', status: 400 });
        expect(res.body.detail).to.be.a('string').and.include('variables');
        expect(await activateNow(t.client, 'pi-variables-job')).to.deep.equal([]);
      });
    }
  });

  describe('cancellation', () => {
    it('should terminate a cancelled instance and remove its job', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'pi-cancel', variables: {} });
      const job = await activateOne(t.client, 'pi-cancel-job');

      await t.client.cancelProcessInstance({ processInstanceKey });

      const found = await t.client.searchProcessInstances({ filter: { processInstanceKey } });
      expect(found.items).to.have.length(1);
      expect(found.items[0].state).to.equal('TERMINATED');
      expect(found.items[0].endDate).to.be.a('string');
      const completion = await rejection(t.client.completeJob({ jobKey: job.jobKey, variables: {} }));
      expect(completion.statusCode).to.equal(404);
      expect(await activateNow(t.client, 'pi-cancel-job')).to.deep.equal([]);
    });

    it('should not offer the job of an instance cancelled before its job was activated', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'pi-cancel', variables: {} });

      await t.client.cancelProcessInstance({ processInstanceKey });

      expect(await activateNow(t.client, 'pi-cancel-job')).to.deep.equal([]);
    });

    it('should reject cancelling an unknown or already ended instance with 404', async () => {
      const unknown = await rejection(t.client.cancelProcessInstance({ processInstanceKey: '2251799813999999' }));
      expect(unknown.statusCode).to.equal(404);
      expect(unknown.detail).to.include("'2251799813999999'");

      const { processInstanceKey } = await t.client.createProcessInstanceWithResult({ processDefinitionId: 'pi-result', variables: { price: 1, quantity: 1 } });
      const ended = await rejection(t.client.cancelProcessInstance({ processInstanceKey }));
      expect(ended.statusCode).to.equal(404);
    });
  });

  describe('element instance variables', () => {
    async function startStage(jobPrefix: string) {
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'pi-set-variables', variables: { jobPrefix } });
      const first = await activateOne(t.client, `${jobPrefix}-first`);
      expect(first.variables).to.deep.equal({ jobPrefix, stageStatus: 'open' });
      return { processInstanceKey, first };
    }

    it('should keep local variables in the element instance they were set on', async () => {
      const { first } = await startStage('pi-local');

      await t.client.updateElementInstanceVariables({ elementInstanceKey: first.elementInstanceKey, variables: { note: 'first only' }, local: true });

      await t.client.failJob({ jobKey: first.jobKey, retries: 1, errorMessage: 'again', retryBackOff: 0 });
      const retried = await activateOne(t.client, 'pi-local-first');
      expect(retried.variables).to.deep.equal({ jobPrefix: 'pi-local', stageStatus: 'open', note: 'first only' });
      await t.client.completeJob({ jobKey: retried.jobKey, variables: {} });
      const second = await activateOne(t.client, 'pi-local-second');
      expect(second.variables).to.deep.equal({ jobPrefix: 'pi-local', stageStatus: 'open' });
    });

    it('should propagate non-local variables to the scope that defines them, else to the process instance', async () => {
      const { processInstanceKey, first } = await startStage('pi-propagate');

      await t.client.updateElementInstanceVariables({
        elementInstanceKey: first.elementInstanceKey,
        variables: { stageStatus: 'reviewed', approved: true },
      });

      await t.client.completeJob({ jobKey: first.jobKey, variables: {} });
      const second = await activateOne(t.client, 'pi-propagate-second');
      expect(second.variables).to.deep.equal({ jobPrefix: 'pi-propagate', stageStatus: 'reviewed', approved: true });
      await t.client.completeJob({ jobKey: second.jobKey, variables: {} });
      // stageStatus lived in the sub-process scope, which has ended; approved went to the process instance
      const after = await activateOne(t.client, 'pi-propagate-after');
      expect(after.variables).to.deep.equal({ jobPrefix: 'pi-propagate', approved: true });
      await t.client.completeJob({ jobKey: after.jobKey, variables: {} });
      await waitForState(t.client, processInstanceKey, 'COMPLETED');
    });

    it('should make variables set on the process instance visible to the next job', async () => {
      const { processInstanceKey, first } = await startStage('pi-root');

      await t.client.updateElementInstanceVariables({ elementInstanceKey: processInstanceKey, variables: { priority: 'high', stageStatus: 'root' } });

      await t.client.completeJob({ jobKey: first.jobKey, variables: {} });
      const second = await activateOne(t.client, 'pi-root-second');
      // the sub-process's own stageStatus shadows the one of the process instance
      expect(second.variables).to.deep.equal({ jobPrefix: 'pi-root', priority: 'high', stageStatus: 'open' });
      await t.client.completeJob({ jobKey: second.jobKey, variables: {} });
      const after = await activateOne(t.client, 'pi-root-after');
      expect(after.variables).to.deep.equal({ jobPrefix: 'pi-root', priority: 'high', stageStatus: 'root' });
    });

    it('should reject updating variables of an unknown element instance with 404', async () => {
      const problem = await rejection(t.client.updateElementInstanceVariables({ elementInstanceKey: '2251799813999999', variables: { a: 1 } }));

      expect(problem.statusCode).to.equal(404);
    });

    it('should reject variables that are not a JSON object with 400', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'pi-cancel', variables: {} });

      const res = await rawCall(t, 'PUT', `/element-instances/${processInstanceKey}/variables`, { variables: ['a'] });

      expect(res.status).to.equal(400);
      expect(res.contentType).to.match(/^application\/problem\+json/);
      await t.client.cancelProcessInstance({ processInstanceKey });
    });
  });
});
