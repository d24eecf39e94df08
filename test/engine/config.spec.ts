import { expect } from 'chai';
import { DEFAULT_BASIC_THROTTLE } from '../../engine/auth/basic-throttle.js';
import { ConfigError, DEFAULT_COMMAND_STEP_BUDGET, readEngineConfig } from '../../engine/config.js';
import { DEFAULT_MAX_VARIABLE_BYTES } from '../../engine/rest/limits.js';
import { DEFAULT_MIN_CYCLE_INTERVAL_MS } from '../../engine/timer/timer.js';

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

describe('engine/config: Basic-auth throttle', () => {
  const env = { ENGINE_DATA: '/tmp/engine-config-spec/engine.db' };

  it('should default to 10 wrong credentials per address and username and 30 per address in 15 minutes', () => {
    expect(readEngineConfig(env).basicThrottle).to.deep.equal(DEFAULT_BASIC_THROTTLE).and.deep.equal({ perUsername: 10, perAddress: 30, windowMs: 15 * 60_000 });
  });

  it('should take ENGINE_AUTH_RATE_LIMIT, ENGINE_AUTH_ADDRESS_RATE_LIMIT and ENGINE_AUTH_RATE_WINDOW_MINUTES', () => {
    const config = readEngineConfig({ ...env, ENGINE_AUTH_RATE_LIMIT: '5', ENGINE_AUTH_ADDRESS_RATE_LIMIT: '12', ENGINE_AUTH_RATE_WINDOW_MINUTES: '60' });
    expect(config.basicThrottle).to.deep.equal({ perUsername: 5, perAddress: 12, windowMs: 60 * 60_000 });
  });

  const refused: Array<[string, string]> = [
    ['ENGINE_AUTH_RATE_LIMIT', '0'],
    ['ENGINE_AUTH_RATE_LIMIT', '2.5'],
    ['ENGINE_AUTH_RATE_LIMIT', 'ten'],
    ['ENGINE_AUTH_ADDRESS_RATE_LIMIT', '-1'],
    ['ENGINE_AUTH_RATE_WINDOW_MINUTES', '0'],
    ['ENGINE_AUTH_RATE_WINDOW_MINUTES', '1441'],
  ];
  for (const [variable, value] of refused) {
    it(`should refuse ${variable}=${value}, naming the variable`, () => {
      expect(() => readEngineConfig({ ...env, [variable]: value }))
        .to.throw(ConfigError, variable)
        .with.property('variable', variable);
    });
  }

  it('should refuse a per-address limit below the per-username one', () => {
    expect(() => readEngineConfig({ ...env, ENGINE_AUTH_RATE_LIMIT: '20', ENGINE_AUTH_ADDRESS_RATE_LIMIT: '10' }))
      .to.throw(ConfigError, 'at least ENGINE_AUTH_RATE_LIMIT (20)')
      .with.property('variable', 'ENGINE_AUTH_ADDRESS_RATE_LIMIT');
  });
});

describe('engine/config: minimum timer cycle', () => {
  const env = { ENGINE_DATA: '/tmp/engine-config-spec/engine.db' };

  it('should default to one second', () => {
    expect(readEngineConfig(env).minCycleIntervalMs).to.equal(DEFAULT_MIN_CYCLE_INTERVAL_MS).and.to.equal(1000);
  });

  it('should take ENGINE_TIMER_MIN_CYCLE_SECONDS', () => {
    expect(readEngineConfig({ ...env, ENGINE_TIMER_MIN_CYCLE_SECONDS: '60' }).minCycleIntervalMs).to.equal(60_000);
  });

  for (const value of ['0', '0.5', '-1', '86401', 'minute']) {
    it(`should refuse ENGINE_TIMER_MIN_CYCLE_SECONDS=${value}, naming the variable`, () => {
      expect(() => readEngineConfig({ ...env, ENGINE_TIMER_MIN_CYCLE_SECONDS: value }))
        .to.throw(ConfigError, 'ENGINE_TIMER_MIN_CYCLE_SECONDS')
        .with.property('variable', 'ENGINE_TIMER_MIN_CYCLE_SECONDS');
    });
  }
});

describe('engine/config: largest variable', () => {
  const env = { ENGINE_DATA: '/tmp/engine-config-spec/engine.db' };

  it('should default to 1 MiB and take ENGINE_MAX_VARIABLE_BYTES', () => {
    expect(readEngineConfig(env).maxVariableBytes).to.equal(DEFAULT_MAX_VARIABLE_BYTES).and.to.equal(1024 * 1024);
    expect(readEngineConfig({ ...env, ENGINE_MAX_VARIABLE_BYTES: '4194304' }).maxVariableBytes).to.equal(4 * 1024 * 1024);
  });

  for (const value of ['0', '1023', '10485761', '1.5', '4MB']) {
    it(`should refuse ENGINE_MAX_VARIABLE_BYTES=${value}, naming the variable`, () => {
      expect(() => readEngineConfig({ ...env, ENGINE_MAX_VARIABLE_BYTES: value }))
        .to.throw(ConfigError, 'ENGINE_MAX_VARIABLE_BYTES')
        .with.property('variable', 'ENGINE_MAX_VARIABLE_BYTES');
    });
  }
});
