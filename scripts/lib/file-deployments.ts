import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { CamundaRestClient } from '@camunda8/sdk';
import type { Store } from '../../domain/store/index.js';
import { parseDiagram } from './doctor/diagrams.js';
import { definitionByKey, liveDefinition } from './process-definitions.js';
import { projectRoot, readFolder, type Resource } from './resources.js';

/**
 * What `npm start` deploys from processes/ and forms/ (docs/decisions/0010). The designer's
 * deployments are the source of truth: a file goes to the engine when the engine has no version
 * of its process, or when it changed since a start last deployed it and the designer has deployed
 * nothing since. A changed file that a newer designer deployment stands over is left out with a
 * warning. Every deployment is recorded (file hash, process or form id, engine key and version)
 * in the store's start_deployments, which the next start and the doctor read.
 */

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** A designer deployment that stays live although the file differs from it. */
export interface KeptDesignerVersion {
  kind: 'bpmn' | 'form';
  /** the process id or form id */
  id: string;
  /** processes/<file> or forms/<file> */
  path: string;
  /** the designer's version number (设计器 版本) */
  designerVersion: number;
  /** the engine's version of it; undefined for forms, which the engine's REST API cannot look up */
  engineVersion?: number;
  deployedAt: Date;
}

export interface FileDeploymentReport {
  /** files sent to the engine that made a new version, with why */
  deployed: Array<{ path: string; reason: 'not in the engine' | 'changed since the last start' | 'first deployed by npm start' | 'unchanged, versioned again with the changed files' }>;
  /** files left as they are: unchanged since a start deployed them, or already what the engine runs */
  unchanged: string[];
  kept: KeptDesignerVersion[];
}

type Plan = { action: 'deploy'; reason: DeployReason } | { action: 'unchanged' } | { action: 'record'; key: string; version: number } | { action: 'keep'; kept: KeptDesignerVersion };

interface Deps {
  camunda: CamundaRestClient;
  store: Store;
}

/** The designer's latest deployment of a process, when the engine still has it and it is newer than `than`. */
async function newerDesignerProcess({ camunda, store }: Deps, processId: string, file: string, than: number): Promise<KeptDesignerVersion | undefined> {
  const designer = await store.designs.lastDeployed('bpmn', processId);
  if (!designer?.deployedVersionKey) return undefined;
  const definition = await definitionByKey(camunda, designer.deployedVersionKey);
  if (!definition || definition.version <= than) return undefined;
  return { kind: 'bpmn', id: processId, path: `processes/${file}`, designerVersion: designer.version, engineVersion: definition.version, deployedAt: designer.deployedAt! };
}

async function planProcess(deps: Deps, processId: string, file: Resource, hash: string): Promise<Plan> {
  const live = await liveDefinition(deps.camunda, processId);
  if (!live) return { action: 'deploy', reason: 'not in the engine' };
  const lastStart = await deps.store.startDeployments.latest('bpmn', processId);
  if (lastStart?.fileSha256 === hash) return { action: 'unchanged' };
  // the engine already runs the file as it is (deployed before starts kept records, or by the designer unchanged)
  if ((await deps.camunda.getProcessDefinitionXML(live.processDefinitionKey)) === file.content) {
    return { action: 'record', key: live.processDefinitionKey, version: live.version };
  }
  const kept = await newerDesignerProcess(deps, processId, file.name, lastStart?.engineVersion ?? 0);
  if (kept) return { action: 'keep', kept };
  return { action: 'deploy', reason: lastStart ? 'changed since the last start' : 'first deployed by npm start' };
}

/**
 * The engine's REST API has no search for forms, so a form is judged by the store alone: the
 * designer's deployment is newer when it is later than the last start's. Without one, the file is
 * sent every start: the engine keeps the version it has when nothing in the deployment changed, and
 * a reset engine gets the form back. When another file changed, the engine (Zeebe) versions the
 * unchanged form again with it, which keeps the forms in the deployment a process binds by deployment.
 */
async function planForm({ store }: Deps, formId: string, file: Resource, hash: string): Promise<Plan> {
  const lastStart = await store.startDeployments.latest('form', formId);
  const designer = await store.designs.lastDeployed('form', formId);
  const designerNewer = designer?.deployedAt && (!lastStart || designer.deployedAt > lastStart.deployedAt);
  if (!designerNewer) return { action: 'deploy', reason: formDeployReason(lastStart?.fileSha256, hash) };
  if (designer.content === file.content || lastStart?.fileSha256 === hash) return { action: 'unchanged' };
  return { action: 'keep', kept: { kind: 'form', id: formId, path: `forms/${file.name}`, designerVersion: designer.version, deployedAt: designer.deployedAt! } };
}

function formDeployReason(lastStartHash: string | undefined, hash: string): DeployReason {
  if (lastStartHash === undefined) return 'first deployed by npm start';
  return lastStartHash === hash ? 'unchanged, versioned again with the changed files' : 'changed since the last start';
}

interface Planned {
  file: Resource;
  kind: 'bpmn' | 'form';
  hash: string;
  /** one per process of a diagram, one for a form */
  plans: Array<{ id: string; plan: Plan }>;
}

type DeployReason = FileDeploymentReport['deployed'][number]['reason'];

const deployReason = (p: Planned): DeployReason => p.plans.flatMap(({ plan }) => (plan.action === 'deploy' ? [plan.reason] : []))[0];

/** The processes and forms a deployment made, by the file they came from. */
function madeBy(deployment: Awaited<ReturnType<CamundaRestClient['deployResources']>>): Array<{ resourceName: string; id: string; key: string; version: number }> {
  return [
    ...deployment.processes.map((d) => ({ resourceName: d.resourceName, id: d.processDefinitionId, key: String(d.processDefinitionKey), version: Number(d.processDefinitionVersion) })),
    ...deployment.forms.map((d) => ({ resourceName: d.resourceName, id: d.formId, key: String(d.formKey), version: Number(d.version) })),
  ];
}

/** A diagram is deployed whole: when one of its processes must stay the designer's, none of them is deployed. */
function fileAction(planned: Planned): 'deploy' | 'keep' | 'leave' {
  const actions = planned.plans.map((p) => p.plan.action);
  if (actions.includes('keep')) return 'keep';
  return actions.includes('deploy') ? 'deploy' : 'leave';
}

export async function deployProjectFiles({ camunda, store, root = projectRoot, now = () => new Date() }: { camunda: CamundaRestClient; store: Store; root?: string; now?: () => Date }): Promise<FileDeploymentReport> {
  const deps = { camunda, store };
  const planned: Planned[] = [];
  for (const file of await readFolder(join(root, 'processes'), '.bpmn')) {
    const hash = sha256(file.content);
    const { processIds } = await parseDiagram(file.name, file.content);
    planned.push({ file, kind: 'bpmn', hash, plans: await Promise.all(processIds.map(async (id) => ({ id, plan: await planProcess(deps, id, file, hash) }))) });
  }
  for (const file of await readFolder(join(root, 'forms'), '.form')) {
    const hash = sha256(file.content);
    const id = file.name.replace(/\.form$/, '');
    planned.push({ file, kind: 'form', hash, plans: [{ id, plan: await planForm(deps, id, file, hash) }] });
  }

  const toDeploy = planned.filter((p) => fileAction(p) === 'deploy');
  // one deployment, so that the engine refusing one file deploys none of them
  const made = toDeploy.length === 0 ? [] : madeBy(await camunda.deployResources(toDeploy.map((p) => p.file)));
  const at = now();
  const record = (p: Planned, id: string, engineKey: string, engineVersion: number) =>
    store.startDeployments.record({ kind: p.kind, resourceId: id, engineKey, engineVersion, file: p.file.name, fileSha256: p.hash, deployedAt: at });
  const report: FileDeploymentReport = { deployed: [], unchanged: [], kept: [] };
  for (const p of planned) {
    const path = `${p.kind === 'bpmn' ? 'processes' : 'forms'}/${p.file.name}`;
    const action = fileAction(p);
    if (action === 'deploy') {
      const mine = made.filter((m) => m.resourceName === p.file.name);
      const known = await Promise.all(mine.map((m) => store.startDeployments.byKey(p.kind, m.id, m.key)));
      for (const m of mine) await record(p, m.id, m.key, m.version);
      // a form sent again keeps the key a start recorded for it when nothing in the deployment changed
      if (known.every((k) => k !== undefined)) report.unchanged.push(path);
      else report.deployed.push({ path, reason: deployReason(p) });
      continue;
    }
    for (const { id, plan } of p.plans) if (plan.action === 'record') await record(p, id, plan.key, plan.version);
    if (action === 'keep') report.kept.push(...p.plans.flatMap(({ plan }) => (plan.action === 'keep' ? [plan.kept] : [])));
    else report.unchanged.push(path);
  }
  return report;
}

/** The warning `npm start` prints for a designer deployment it left live: which process or form, which file, which version. */
export function keptWarning(k: KeptDesignerVersion): string {
  const what = k.kind === 'bpmn' ? `process ${k.id}` : `form ${k.id}`;
  const engine = k.engineVersion === undefined ? '' : `, engine version ${k.engineVersion}`;
  return (
    `warning: ${k.path} changed, but the designer's version ${k.designerVersion} of ${what} (deployed ${k.deployedAt.toISOString()}${engine}) is newer than what npm start deployed, ` +
    `so the designer's version stays live and the file is not deployed. To run the file instead, save its content as a new version in the designer and deploy that; to keep the designer's, copy its version into the file.`
  );
}

/** What `npm start` prints about processes/ and forms/: one line, then a warning per designer version left live. */
export function describeFileDeployments(report: FileDeploymentReport): { line: string; warnings: string[] } {
  const parts = [
    report.deployed.length > 0 ? `deployed ${report.deployed.length} resources: ${report.deployed.map((d) => `${d.path} (${d.reason})`).join(', ')}` : 'deployed no resources',
    `${report.unchanged.length} unchanged since the last start`,
    ...(report.kept.length > 0 ? [`${report.kept.length} left at the designer's version`] : []),
  ];
  return { line: parts.join('; '), warnings: report.kept.map(keptWarning) };
}
