import { expect } from 'chai';
import { ConfigError, DEFAULT_COMMAND_STEP_BUDGET, readEngineConfig } from '../../engine/config.js';

describe('engine/config: command step budget', () => {
  const env = { ENGINE_DATA: '/tmp/engine-config-spec/engine.db' };

  it('should default to 10,000 element activations per command', () => {
    expect(readEngineConfig(env).commandStepBudget).to.equal(DEFAULT_COMMAND_STEP_BUDGET).and.to.equal(10_000);
  });

  it('should take ENGINE_COMMAND_STEP_BUDGET', () => {
    expect(readEngineConfig({ ...env, ENGINE_COMMAND_STEP_BUDGET: '250' }).commandStepBudget).to.equal(250);
  });

  for (const value of ['0', '-5', '1.5', 'lots']) {
    it(`should refuse ENGINE_COMMAND_STEP_BUDGET=${value}, naming the variable`, () => {
      expect(() => readEngineConfig({ ...env, ENGINE_COMMAND_STEP_BUDGET: value }))
        .to.throw(ConfigError, 'ENGINE_COMMAND_STEP_BUDGET')
        .with.property('variable', 'ENGINE_COMMAND_STEP_BUDGET');
    });
  }
});
