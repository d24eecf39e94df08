import type { CamundaRestClient } from '@camunda8/sdk';

/** One deployed version of a process, as the engine's search lists it. */
export interface DeployedDefinition {
  processDefinitionKey: string;
  version: number;
}

async function firstDefinition(camunda: CamundaRestClient, filter: { processDefinitionId: string } | { processDefinitionKey: string }): Promise<DeployedDefinition | undefined> {
  const found = await camunda.searchProcessDefinitions({ filter, sort: [{ field: 'version', order: 'DESC' }], page: { from: 0, limit: 1 } });
  const first = found.items[0];
  return first && { processDefinitionKey: String(first.processDefinitionKey), version: Number(first.version) };
}

/**
 * The version of the process the engine starts new instances of (the highest), or undefined when
 * none is deployed. On a cluster this reads Camunda's secondary storage, which trails a
 * deployment by seconds.
 */
export const liveDefinition = (camunda: CamundaRestClient, processId: string) => firstDefinition(camunda, { processDefinitionId: processId });

/** The deployed version with this key, or undefined when the engine does not know it (its state was reset). */
export const definitionByKey = (camunda: CamundaRestClient, key: string) => firstDefinition(camunda, { processDefinitionKey: key });
