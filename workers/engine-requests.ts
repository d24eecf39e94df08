import type { CamundaRestClient } from '@camunda8/sdk';

/**
 * The two engine requests the SDK has no typed method for (or a wrong one), sent through the
 * SDK's own client so they carry whatever credentials it is configured with (none, OAuth client
 * credentials, basic): a plain fetch to the engine's address would be refused by an
 * authenticated cluster.
 */
export interface EngineRequests {
  /**
   * Completes a task-listener job with its corrections and no variables (Zeebe refuses variables
   * on listener jobs). CamundaRestClient.completeJob (8.8) sends only `variables`.
   */
  completeListenerJob(jobKey: string, corrections: Record<string, unknown>): Promise<void>;
  /** The deployed BPMN of a process definition. */
  processDefinitionXml(processDefinitionKey: string): Promise<string>;
}

/** An engine request that failed; names the request and carries the engine's answer. */
export class EngineRequestError extends Error {
  constructor(
    readonly request: string,
    readonly status: number | undefined,
    detail: string,
  ) {
    super(`${request}: ${status === undefined ? '' : `the engine answered ${status} `}${detail}`.trim());
    this.name = 'EngineRequestError';
  }
}

function failure(request: string, error: unknown): EngineRequestError {
  // the SDK's HTTPError carries the engine's problem detail; a refused connection or a failed token request does not
  const { statusCode, detail } = error as { statusCode?: number; detail?: unknown };
  const text = typeof detail === 'string' && detail !== '' ? detail : error instanceof Error ? error.message : String(error);
  return new EngineRequestError(request, statusCode, text.slice(0, 500));
}

export function engineRequests(camunda: CamundaRestClient): EngineRequests {
  return {
    async completeListenerJob(jobKey, corrections) {
      try {
        // 204 with no body: asked for as text, since an empty body is not JSON
        await camunda.callApiEndpoint({
          method: 'POST',
          urlPath: `jobs/${jobKey}/completion`,
          body: { result: { type: 'userTask', corrections } },
          json: false,
        });
      } catch (error) {
        throw failure(`completing listener job ${jobKey}`, error);
      }
    },
    async processDefinitionXml(processDefinitionKey) {
      try {
        return await camunda.getProcessDefinitionXML(processDefinitionKey);
      } catch (error) {
        throw failure(`reading process definition ${processDefinitionKey}`, error);
      }
    },
  };
}
