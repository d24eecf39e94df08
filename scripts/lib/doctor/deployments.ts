import type { CamundaRestClient } from '@camunda8/sdk';
import type { Diagram } from './diagrams.js';
import { fail, pass, requestFailure, withTimeout, type Finding } from './findings.js';

const REDEPLOY = 'restart the app (it deploys processes/ at start) or deploy it from the designer';

/**
 * Compares each process of each diagram with its latest deployed version: the XML the engine
 * keeps is the file as deployed, so any edit since shows as a difference.
 */
async function checkProcess(client: CamundaRestClient, diagram: Diagram, processId: string, timeoutMs: number): Promise<Finding | undefined> {
  const file = `processes/${diagram.file}`;
  try {
    const found = await withTimeout(
      client.searchProcessDefinitions({ filter: { processDefinitionId: processId }, sort: [{ field: 'version', order: 'DESC' }], page: { from: 0, limit: 1 } }),
      timeoutMs,
    );
    const latest = found.items[0];
    if (latest === undefined) return fail('diagrams', `process ${processId} of ${file} is not deployed; ${REDEPLOY}`);
    const xml = await withTimeout(client.getProcessDefinitionXML(latest.processDefinitionKey), timeoutMs);
    if (xml !== diagram.xml) return fail('diagrams', `deployed version ${latest.version} of process ${processId} differs from ${file}; ${REDEPLOY}`);
    return undefined;
  } catch (error) {
    const failure = requestFailure(error);
    const why = failure.kind === 'http' ? `the engine answered HTTP ${failure.status}` : failure.reason;
    return fail('diagrams', `the deployment of process ${processId} (${file}) could not be read: ${why}`);
  }
}

export async function checkDeployments(client: CamundaRestClient, diagrams: readonly Diagram[], timeoutMs: number): Promise<Finding[]> {
  const checks = diagrams.flatMap((d) => d.processIds.map((id) => checkProcess(client, d, id, timeoutMs)));
  const problems = (await Promise.all(checks)).filter((f): f is Finding => f !== undefined);
  if (problems.length > 0) return problems;
  return [pass('diagrams', `the ${checks.length} process(es) of processes/ (${diagrams.length} file(s)) are deployed at their current version`)];
}
