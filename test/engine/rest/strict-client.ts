import { createCamundaClient } from '@camunda8/orchestration-cluster-api';
import type { EngineCredential } from '../../../engine/index.js';

/**
 * The official 8.8 client with strict response validation: a call fails when the engine's answer
 * lacks a required field or has one of the wrong type (a null where the contract omits, say).
 */
export function strictClient(engine: { url: string; credential: EngineCredential }) {
  return createCamundaClient({
    config: {
      CAMUNDA_REST_ADDRESS: engine.url,
      CAMUNDA_AUTH_STRATEGY: 'BASIC',
      CAMUNDA_BASIC_AUTH_USERNAME: engine.credential.username,
      CAMUNDA_BASIC_AUTH_PASSWORD: engine.credential.password,
      CAMUNDA_SDK_VALIDATION: 'req:none,res:strict',
    } as never,
  });
}

/** Read calls of the official client take eventual-consistency options; the engine's reads are immediate. */
export const NOW = { consistency: { waitUpToMs: 0 } };
