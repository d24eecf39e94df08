import { createCamundaClient } from '@camunda8/orchestration-cluster-api';

/**
 * The official 8.8 client with strict response validation: a call fails when the engine's answer
 * lacks a required field or has one of the wrong type (a null where the contract omits, say).
 */
export function strictClient(url: string) {
  return createCamundaClient({
    config: { CAMUNDA_REST_ADDRESS: url, CAMUNDA_AUTH_STRATEGY: 'NONE', CAMUNDA_SDK_VALIDATION: 'req:none,res:strict' } as never,
  });
}

/** Read calls of the official client take eventual-consistency options; the engine's reads are immediate. */
export const NOW = { consistency: { waitUpToMs: 0 } };
