import type { ProcessModel, ResourceBinding } from '../model/types.js';
import type { RuntimeContext } from './context.js';
import type { DefinitionRecord, ElementInstanceRecord, FormRecord, TimerRecord } from './records.js';
import { bindingAccepts, latestVersion } from './binding.js';
import { invalidState, notFound } from './errors.js';
import { firstDue } from '../timer/timer.js';
import { evaluateExpr } from '../feel/feel.js';
import { ActivationIncident } from './evaluation.js';
import { deleteStoredResource } from './resources.js';
import { checksum } from './checksum.js';

/** Latest version per process id; rebuilt from the store at start, kept current on deploy. */
const latestByEngine = new WeakMap<RuntimeContext, Map<string, number>>();

function latestIndex(ctx: RuntimeContext): Map<string, number> {
  let index = latestByEngine.get(ctx);
  if (!index) {
    index = new Map();
    for (const def of ctx.store.table<DefinitionRecord>('definition').values()) {
      const current = index.get(def.bpmnProcessId);
      if (current === undefined || ctx.definition(current).version < def.version) index.set(def.bpmnProcessId, def.key);
    }
    latestByEngine.set(ctx, index);
  }
  return index;
}

export function latestDefinitionByProcessId(ctx: RuntimeContext, bpmnProcessId: string): DefinitionRecord | undefined {
  const key = latestIndex(ctx).get(bpmnProcessId);
  return key === undefined ? undefined : ctx.definition(key);
}

/** The newest version of a process that `matches`, among all deployed (call activities bound by deployment or version tag). */
export function latestDefinitionWhere(ctx: RuntimeContext, matches: (def: DefinitionRecord) => boolean): DefinitionRecord | undefined {
  let best: DefinitionRecord | undefined;
  for (const def of ctx.store.table<DefinitionRecord>('definition').values()) if (matches(def) && (!best || def.version > best.version)) best = def;
  return best;
}

export function latestDefinitions(ctx: RuntimeContext): DefinitionRecord[] {
  return [...latestIndex(ctx).values()].map((k) => ctx.definition(k));
}

export function definitionByVersion(ctx: RuntimeContext, bpmnProcessId: string, version: number): DefinitionRecord | undefined {
  for (const def of ctx.store.table<DefinitionRecord>('definition').values()) {
    if (def.bpmnProcessId === bpmnProcessId && def.version === version) return def;
  }
  return undefined;
}

/** Zeebe's duplicate: the latest version of the process has the same XML. */
export function isUnchangedProcess(ctx: RuntimeContext, model: ProcessModel, xml: string): boolean {
  return latestDefinitionByProcessId(ctx, model.id)?.checksum === checksum(xml);
}

/**
 * Stores a compiled process. The same XML deployed again stays the version it was only when nothing
 * else in the deployment is new (Zeebe versions a deployment's resources together); otherwise it
 * becomes the next version, which takes over timer start events.
 */
export function storeProcess(ctx: RuntimeContext, model: ProcessModel, xml: string, resourceName: string, deploymentKey: number, deploymentHasNew: boolean): DefinitionRecord {
  const sum = checksum(xml);
  const latest = latestDefinitionByProcessId(ctx, model.id);
  if (latest && !deploymentHasNew && latest.checksum === sum) return latest;
  const def: DefinitionRecord = {
    key: ctx.newKey(),
    bpmnProcessId: model.id,
    ...(model.name ? { name: model.name } : {}),
    // a deleted version's number is not given again, as in Zeebe
    version: Math.max(latest?.version ?? 0, Number(ctx.store.getMeta(deletedVersionMeta(model.id)) ?? 0)) + 1,
    resourceName,
    deploymentKey,
    checksum: sum,
    xml,
    deployedAt: ctx.now(),
    ...(model.versionTag ? { versionTag: model.versionTag } : {}),
  };
  ctx.put('definition', def.key, def);
  ctx.models.set(def.key, model);
  latestIndex(ctx).set(def.bpmnProcessId, def.key);
  if (latest) closeStartTimers(ctx, latest.key);
  openStartTimers(ctx, def.key, model);
  return def;
}

const deletedVersionMeta = (bpmnProcessId: string) => `deletedVersion:${bpmnProcessId}`;

function closeStartTimers(ctx: RuntimeContext, definitionKey: number): void {
  for (const t of ctx.subscriptions.startTimers(definitionKey)) ctx.subscriptions.removeTimer(t);
}

/** The timer start events of the latest version of a process are armed; older versions' are not. */
function openStartTimers(ctx: RuntimeContext, definitionKey: number, model: ProcessModel): void {
  for (const startId of model.timerStartEventIds) {
    const start = model.elements.get(startId)!;
    if (start.event?.type !== 'timer') continue;
    const value = String(evaluateExpr(start.event.timer.expr, {}, { nowMs: ctx.now() }));
    const due = firstDue(start.event.timer.kind, value, ctx.now(), ctx.minCycleIntervalMs);
    const timer: TimerRecord = {
      key: ctx.newKey(),
      dueAt: due.dueAt,
      elementId: startId,
      definitionKey,
      ...(due.cycle ? { cycle: due.cycle } : {}),
    };
    ctx.subscriptions.addTimer(timer);
    ctx.time.push({ at: timer.dueAt, kind: 'timer', key: timer.key });
    ctx.listeners.scheduleChanged();
  }
}

/**
 * Deletes a deployed process definition, form or RPA script (Zeebe's resource deletion). A process with
 * running instances is refused; deleting the latest version makes the one before it the latest,
 * with its timer start events armed again. Ended instances keep their history.
 */
export function deleteResource(ctx: RuntimeContext, key: number): void {
  const def = ctx.store.get<DefinitionRecord>('definition', key);
  if (def) {
    for (const piKey of ctx.store.keysWhere('processInstance.definitionKey', key)) {
      if (ctx.pi(piKey)?.state === 'ACTIVE') throw invalidState(`Expected to delete resource with key \`${key}\` but there are still running instances`);
    }
    const wasLatest = latestIndex(ctx).get(def.bpmnProcessId) === key;
    ctx.store.delete('definition', key);
    ctx.models.delete(key);
    if (!wasLatest) return;
    closeStartTimers(ctx, key);
    ctx.store.setMeta(deletedVersionMeta(def.bpmnProcessId), String(Math.max(def.version, Number(ctx.store.getMeta(deletedVersionMeta(def.bpmnProcessId)) ?? 0))));
    latestIndex(ctx).delete(def.bpmnProcessId);
    let previous: DefinitionRecord | undefined;
    for (const other of ctx.store.table<DefinitionRecord>('definition').values()) {
      if (other.bpmnProcessId === def.bpmnProcessId && (!previous || other.version > previous.version)) previous = other;
    }
    if (previous) {
      latestIndex(ctx).set(previous.bpmnProcessId, previous.key);
      openStartTimers(ctx, previous.key, ctx.model(previous.key));
    }
    return;
  }
  if (ctx.store.get<FormRecord>('form', key)) {
    ctx.store.delete('form', key);
    return;
  }
  if (deleteStoredResource(ctx, key)) return;
  throw notFound(`Expected to delete resource but no resource found with key \`${key}\``);
}

export function latestFormById(ctx: RuntimeContext, formId: string): FormRecord | undefined {
  return latestVersion(ctx.store.table<FormRecord>('form').values(), (f) => f.formId === formId);
}

/**
 * The version of a linked form its binding picks, for a Camunda user task and a job-worker user task
 * alike (Zeebe's BpmnUserTaskBehavior#findLinkedForm); FORM_NOT_FOUND with Zeebe's message when none is.
 */
export function linkedForm(ctx: RuntimeContext, ei: ElementInstanceRecord, formId: string, binding: ResourceBinding = { bindingType: 'latest' }): FormRecord {
  const accepts = bindingAccepts(ctx, ei, binding);
  const form = latestVersion(ctx.store.table<FormRecord>('form').values(), (f) => f.formId === formId && accepts(f));
  if (form) return form;
  if (binding.bindingType === 'deployment') {
    throw new ActivationIncident(
      'FORM_NOT_FOUND',
      `Expected to use a form with id '${formId}' with binding type 'deployment', but no such form found in the deployment with key ${ctx.definition(ei.definitionKey).deploymentKey} which contained the current process. ` +
        'To resolve this incident, migrate the process instance to a process definition that is deployed together with the intended form to use.',
    );
  }
  if (binding.bindingType === 'versionTag') {
    // Zeebe's text block ends with a line break
    throw new ActivationIncident(
      'FORM_NOT_FOUND',
      `Expected to use a form with id '${formId}' and version tag '${binding.versionTag}', but no such form found. To resolve the incident, deploy a form with the given id and version tag.\n`,
    );
  }
  throw new ActivationIncident(
    'FORM_NOT_FOUND',
    `Expected to find a form with id '${formId}', but no form with this id is found, at least a form with this id should be available. To resolve the Incident please deploy a form with the same id`,
  );
}

/** Zeebe's duplicate: the latest version of the form has the same schema. */
export function isUnchangedForm(ctx: RuntimeContext, formId: string, schema: string): boolean {
  return latestFormById(ctx, formId)?.checksum === checksum(schema);
}

/** Stores a form; the same schema deployed again stays the version it was only when nothing else in the deployment is new. */
export function storeForm(ctx: RuntimeContext, parsed: { id: string; schema: string; name: string; versionTag?: string }, deploymentKey: number, deploymentHasNew: boolean): FormRecord {
  const { id: formId, schema, name: resourceName, versionTag } = parsed;
  const sum = checksum(schema);
  const latest = latestFormById(ctx, formId);
  if (latest && !deploymentHasNew && latest.checksum === sum) return latest;
  const form: FormRecord = {
    key: ctx.newKey(),
    formId,
    version: (latest?.version ?? 0) + 1,
    ...(versionTag ? { versionTag } : {}),
    resourceName,
    deploymentKey,
    checksum: sum,
    schema,
  };
  ctx.put('form', form.key, form);
  return form;
}
