import { expect } from 'chai';
import { engineClient } from '../../../scripts/lib/engine-connection.js';
import { sdkLogger } from '../../../scripts/lib/sdk-logger.js';
import { createLogger } from '../../../web/log.js';
import { freePort } from '../../support/engine-process.js';

describe('scripts/lib/sdk-logger', () => {
  const captured = () => {
    const lines: string[] = [];
    return { lines, log: createLogger((line) => lines.push(line), () => new Date('2026-12-07T02:00:00Z')) };
  };

  it("should write the SDK's info, warnings and errors as the app's lines, ID numbers masked, and drop its debug and trace", () => {
    const { lines, log } = captured();
    const sdk = sdkLogger(log);

    sdk.debug('POST /v2/jobs/activation');
    sdk.trace('{"idNumber":"110101199003071234"}');
    sdk.info('worker started');
    sdk.warn('variable idNumber=110101199003071234 rejected', { jobKey: '2251799813685249' });
    sdk.error(new Error('poll failed') as unknown as string);

    expect(lines).to.have.length(3);
    expect(lines[0]).to.equal('2026-12-07T02:00:00.000Z info camunda sdk: worker started');
    expect(lines[1]).to.match(/^2026-12-07T02:00:00.000Z warn camunda sdk: variable idNumber=110101\*+1234 rejected \{"meta":\[\{"jobKey":"2251799813685249"\}\]\}$/);
    expect(lines[1]).to.not.include('110101199003071234');
    expect(lines[2]).to.match(/^2026-12-07T02:00:00.000Z error camunda sdk: Error: poll failed\n {4}at /);
  });

  it("should route a job worker's failed poll to the app's log when the client is built with it", async () => {
    const { lines, log } = captured();
    const port = await freePort();
    const client = engineClient({ mode: 'embedded', auth: 'NONE', sdkConfig: {} }, { url: `http://127.0.0.1:${port}` }, { log, retry: { limit: 0 } });
    const worker = client.createJobWorker({ type: 'nobody-listens', maxJobsToActivate: 1, timeout: 1000, worker: 'sdk-logger-spec', jobHandler: (job) => job.complete() });
    try {
      const deadline = Date.now() + 10_000;
      while (!lines.some((l) => l.includes(' error camunda sdk: ')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await worker.stop();
    }
    expect(lines.find((l) => l.includes(' error camunda sdk: '))).to.be.a('string');
  });
});
