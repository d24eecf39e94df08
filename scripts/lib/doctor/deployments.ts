import type { CamundaRestClient } from '@camunda8/sdk';
import type { Store } from '../../../domain/store/index.js';
import { sha256 } from '../file-deployments.js';
import { liveDefinition } from '../process-definitions.js';
import type { Resource } from '../resources.js';
import type { Diagram } from './diagrams.js';
import { fail, pass, requestFailure, warn, withTimeout, type Finding } from './findings.js';

/*
 * The files, the designer's deployments and the engine compared (docs/decisions/0010). The
 * engine's latest version of a process is what runs; the store says who deployed it: a start
 * (start_deployments) or the designer (design_versions). A designer version that is live while
 * the file differs is a warning, as `npm start` leaves it live on purpose; a file that changed
 * since a start deployed it, or a live version nobody here deployed, is a problem.
 */

const RUN_FILE = "to run the file instead, save its content as a new version in the designer and deploy that; to keep the designer's, copy its version into the file";

interface Compared {
  finding?: Finding;
  /** the process runs a designer version that differs from its file */
  designerLive?: boolean;
}

/** Who deployed the live version, when the store can say; undefined when the store could not be read. */
async function compareWithStore(store: Store, diagram: Diagram, processId: string, live: { processDefinitionKey: string; version: number }): Promise<Compared> {
  const file = `processes/${diagram.file}`;
  const designed = (await store.designs.list('bpmn', processId)).find((v) => v.deployedVersionKey === live.processDefinitionKey);
  if (designed) {
    return {
      designerLive: true,
      finding: warn(
        'diagrams',
        `the designer's version ${designed.version} of process ${processId} is live (engine version ${live.version}, deployed ${designed.deployedAt?.toISOString()} by the designer) and ${file} differs from it; npm start leaves it live: ${RUN_FILE}`,
      ),
    };
  }
  const started = await store.startDeployments.byKey('bpmn', processId, live.processDefinitionKey);
  if (started) {
    return { finding: fail('diagrams', `${file} changed since npm start deployed it as engine version ${live.version} of process ${processId}, which is live; restart the app to deploy the file`) };
  }
  return {
    finding: fail(
      'diagrams',
      `engine version ${live.version} of process ${processId} is live, differs from ${file}, and was deployed neither by npm start nor by the designer; restart the app to deploy the file, or deploy it from the designer`,
    ),
  };
}

/** A designer deployment the file's version has replaced since: the designer page still shows it as deployed. */
async function supersededDesignerVersion(store: Store, processId: string, file: string, live: { processDefinitionKey: string; version: number }): Promise<Finding | undefined> {
  const designed = await store.designs.lastDeployed('bpmn', processId);
  if (!designed?.deployedVersionKey || designed.deployedVersionKey === live.processDefinitionKey) return undefined;
  return warn(
    'diagrams',
    `${file} is live as engine version ${live.version} of process ${processId}; the designer's version ${designed.version}, deployed ${designed.deployedAt?.toISOString()}, no longer runs new cases`,
  );
}

async function checkProcess(client: CamundaRestClient, store: Store | undefined, diagram: Diagram, processId: string, timeoutMs: number): Promise<Compared> {
  const file = `processes/${diagram.file}`;
  try {
    const live = await withTimeout(liveDefinition(client, processId), timeoutMs);
    if (live === undefined) return { finding: fail('diagrams', `process ${processId} of ${file} is not deployed; restart the app (npm start deploys a process the engine lacks) or deploy it from the designer`) };
    const xml = await withTimeout(client.getProcessDefinitionXML(live.processDefinitionKey), timeoutMs);
    if (xml === diagram.xml) return store ? { finding: await supersededDesignerVersion(store, processId, file, live) } : {};
    if (!store) {
      return { finding: fail('diagrams', `deployed version ${live.version} of process ${processId} differs from ${file}; who deployed it is not known while the store cannot be read (see above)`) };
    }
    return await compareWithStore(store, diagram, processId, live);
  } catch (error) {
    const failure = requestFailure(error);
    const why = failure.kind === 'http' ? `the engine answered HTTP ${failure.status}` : failure.reason;
    return { finding: fail('diagrams', `the deployment of process ${processId} (${file}) could not be read: ${why}`) };
  }
}

export async function checkDeployments(client: CamundaRestClient, store: Store | undefined, diagrams: readonly Diagram[], timeoutMs: number): Promise<Finding[]> {
  const compared = await Promise.all(diagrams.flatMap((d) => d.processIds.map((id) => checkProcess(client, store, d, id, timeoutMs))));
  const findings = compared.flatMap((c) => (c.finding ? [c.finding] : []));
  if (findings.some((f) => !f.ok)) return findings;
  const designerLive = compared.filter((c) => c.designerLive).length;
  const summary =
    designerLive === 0
      ? `the ${compared.length} process(es) of processes/ (${diagrams.length} file(s)) are deployed at their current version`
      : `the ${compared.length} process(es) of processes/ (${diagrams.length} file(s)) are deployed; ${designerLive} at a designer version that differs from its file (see the warning)`;
  return [pass('diagrams', summary), ...findings];
}

/**
 * The engine's REST API cannot list forms, so forms are compared with what the store recorded:
 * the last start deployment of each (its file hash) and the designer's last deployment.
 */
export async function checkForms(store: Store | undefined, forms: readonly Resource[]): Promise<Finding[]> {
  if (!store) return [fail('forms', 'not compared: what was deployed is recorded in the store, which could not be used (see above)')];
  const findings: Finding[] = [];
  for (const form of forms) {
    const id = form.name.replace(/\.form$/, '');
    const path = `forms/${form.name}`;
    const started = await store.startDeployments.latest('form', id);
    const designed = await store.designs.lastDeployed('form', id);
    if (designed?.deployedAt && (!started || designed.deployedAt > started.deployedAt)) {
      if (designed.content !== form.content) {
        findings.push(warn('forms', `the designer's version ${designed.version} of form ${id} is live (deployed ${designed.deployedAt.toISOString()} by the designer) and ${path} differs from it; npm start leaves it live: ${RUN_FILE}`));
      }
    } else if (started && started.fileSha256 !== sha256(form.content)) {
      findings.push(fail('forms', `${path} changed since npm start deployed it as version ${started.engineVersion} of form ${id}; restart the app to deploy the file`));
    }
  }
  if (findings.some((f) => !f.ok)) return findings;
  return [pass('forms', `none of the ${forms.length} form(s) of forms/ changed since npm start last deployed it`), ...findings];
}
