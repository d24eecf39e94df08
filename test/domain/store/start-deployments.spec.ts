import { expect } from 'chai';
import type { StartDeployment } from '../../../domain/store/index.js';
import { describeEachDialect } from '../../support/store.js';

describeEachDialect('domain/store start deployments', ({ store }) => {
  const t = (seconds: number) => new Date(Date.UTC(2026, 11, 5, 1, 0, seconds));
  const deployment = (engineKey: string, engineVersion: number, overrides: Partial<StartDeployment> = {}): StartDeployment => ({
    kind: 'bpmn',
    resourceId: 'refusal',
    engineKey,
    engineVersion,
    file: 'refusal.bpmn',
    fileSha256: `sha-of-v${engineVersion}`,
    deployedAt: t(engineVersion),
    ...overrides,
  });

  it('should give the highest engine version a start deployed of a resource, and none for another resource or kind', async () => {
    await store().startDeployments.record(deployment('2251799813685250', 1));
    await store().startDeployments.record(deployment('2251799813685300', 3));
    await store().startDeployments.record(deployment('2251799813685260', 2));

    expect(await store().startDeployments.latest('bpmn', 'refusal')).to.deep.equal(deployment('2251799813685300', 3));
    expect(await store().startDeployments.latest('bpmn', 'promised-case')).to.equal(undefined);
    expect(await store().startDeployments.latest('form', 'refusal')).to.equal(undefined);
  });

  it('should keep one row when two instances record the same key, with the later time', async () => {
    await store().startDeployments.record(deployment('2251799813685250', 1));
    await store().startDeployments.record(deployment('2251799813685250', 1, { deployedAt: t(30) }));

    expect(await store().startDeployments.byKey('bpmn', 'refusal', '2251799813685250')).to.deep.equal(deployment('2251799813685250', 1, { deployedAt: t(30) }));
    expect(await store().db.selectFrom('start_deployments').select('engine_key').execute()).to.have.length(1);
  });

  it('should find a start deployment by its engine key only for the resource it made', async () => {
    await store().startDeployments.record(deployment('2251799813685250', 1, { kind: 'form', resourceId: 'material-check', file: 'material-check.form' }));

    expect(await store().startDeployments.byKey('form', 'material-check', '2251799813685250')).to.include({ file: 'material-check.form', engineVersion: 1 });
    expect(await store().startDeployments.byKey('bpmn', 'material-check', '2251799813685250')).to.equal(undefined);
    expect(await store().startDeployments.byKey('form', 'material-check', '1')).to.equal(undefined);
  });
});
