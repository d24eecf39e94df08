import type { DecisionRequirementsModel } from '../dmn/types.js';
import { evaluateDecision, type DecisionResult } from '../dmn/evaluate.js';
import type { ElementModel } from '../model/types.js';
import type { RuntimeContext } from './context.js';
import type { DecisionRecord, DecisionRequirementsRecord, ElementInstanceRecord, Variables } from './records.js';
import { bindingAccepts, latestVersion } from './binding.js';
import { checksum } from './checksum.js';
import { invalidArgument, notFound } from './errors.js';
import { ActivationIncident, feelOpts } from './evaluation.js';

/** A deployed DRG and its decisions, as the deployment answers them. */
export interface StoredDecisionRequirements {
  requirements: DecisionRequirementsRecord;
  decisions: DecisionRecord[];
}

const decisionsOf = (ctx: RuntimeContext, requirementsKey: number) =>
  [...ctx.store.table<DecisionRecord>('decision').values()].filter((d) => d.decisionRequirementsKey === requirementsKey);


export function latestDecisionById(ctx: RuntimeContext, decisionId: string): DecisionRecord | undefined {
  return latestVersion(ctx.store.table<DecisionRecord>('decision').values(), (d) => d.decisionId === decisionId);
}

/** The highest version an id ever had, deleted ones included: a deleted version's number is not given again, as in Zeebe. */
const deletedVersionMeta = (kind: 'decision' | 'decisionRequirements', id: string) => `deletedVersion:${kind}:${id}`;

function nextVersion(ctx: RuntimeContext, kind: 'decision' | 'decisionRequirements', id: string, current: number | undefined): number {
  return Math.max(current ?? 0, Number(ctx.store.getMeta(deletedVersionMeta(kind, id)) ?? 0)) + 1;
}

function rememberDeletedVersion(ctx: RuntimeContext, kind: 'decision' | 'decisionRequirements', id: string, version: number): void {
  const meta = deletedVersionMeta(kind, id);
  ctx.store.setMeta(meta, String(Math.max(version, Number(ctx.store.getMeta(meta) ?? 0))));
}

/**
 * Deletes a deployed DRG with its decisions (POST /resources/{key}/deletion with a decision
 * requirements key); the version before becomes the latest again. Answers false when `key` is no DRG.
 */
export function deleteDecisionRequirements(ctx: RuntimeContext, key: number): boolean {
  const requirements = ctx.get<DecisionRequirementsRecord>('decisionRequirements', key);
  if (!requirements) return false;
  for (const decision of decisionsOf(ctx, key)) {
    rememberDeletedVersion(ctx, 'decision', decision.decisionId, decision.version);
    ctx.store.delete('decision', decision.key);
  }
  rememberDeletedVersion(ctx, 'decisionRequirements', requirements.decisionRequirementsId, requirements.version);
  ctx.store.delete('decisionRequirements', key);
  ctx.decisionGraphs.delete(key);
  return true;
}

/**
 * Refuses DRGs whose decisions already belong to another DRG id: a decision id names one decision
 * across versions, and its versions must come from one graph.
 */
export function checkDecisionOwnership(ctx: RuntimeContext, models: Array<{ model: DecisionRequirementsModel; name: string }>): void {
  const problems: string[] = [];
  for (const { model, name } of models) {
    for (const decision of model.decisions) {
      const earlier = latestDecisionById(ctx, decision.id);
      if (earlier && earlier.decisionRequirementsId !== model.id) {
        problems.push(
          `Expected the decision with id '${decision.id}' in '${name}' to belong to the decision requirements graph '${earlier.decisionRequirementsId}' like its earlier versions, but it belongs to '${model.id}'`,
        );
      }
    }
  }
  if (problems.length > 0) throw invalidArgument(`Expected to deploy new resources, but encountered the following errors:\n${problems.join('\n')}`);
}

const latestRequirementsById = (ctx: RuntimeContext, decisionRequirementsId: string) =>
  latestVersion(ctx.store.table<DecisionRequirementsRecord>('decisionRequirements').values(), (r) => r.decisionRequirementsId === decisionRequirementsId);

/** Zeebe's duplicate: the latest version of the DRG has the same XML. */
export function isUnchangedDecisionRequirements(ctx: RuntimeContext, model: DecisionRequirementsModel, xml: string): boolean {
  return latestRequirementsById(ctx, model.id)?.checksum === checksum(xml);
}

/**
 * Stores a compiled DRG. The same XML deployed again keeps its version and decisions (Zeebe's
 * duplicate check) only when nothing else in the deployment is new, since Zeebe versions a
 * deployment's resources together; otherwise it is the next version of the graph, and each of
 * its decisions the next version of that decision.
 */
export function storeDecisionRequirements(
  ctx: RuntimeContext,
  model: DecisionRequirementsModel,
  xml: string,
  resourceName: string,
  deploymentKey: number,
  deploymentHasNew: boolean,
): StoredDecisionRequirements {
  const sum = checksum(xml);
  const previous = latestRequirementsById(ctx, model.id);
  if (previous && !deploymentHasNew && previous.checksum === sum) return { requirements: previous, decisions: decisionsOf(ctx, previous.key) };
  const requirements: DecisionRequirementsRecord = {
    key: ctx.newKey(),
    decisionRequirementsId: model.id,
    ...(model.name ? { name: model.name } : {}),
    version: nextVersion(ctx, 'decisionRequirements', model.id, previous?.version),
    resourceName,
    deploymentKey,
    checksum: sum,
    xml,
    deployedAt: ctx.now(),
  };
  ctx.put('decisionRequirements', requirements.key, requirements);
  ctx.decisionGraphs.set(requirements.key, model);
  const decisions = model.decisions.map((d) => {
    const decision: DecisionRecord = {
      key: ctx.newKey(),
      decisionId: d.id,
      ...(d.name ? { name: d.name } : {}),
      version: nextVersion(ctx, 'decision', d.id, latestDecisionById(ctx, d.id)?.version),
      ...(d.versionTag ? { versionTag: d.versionTag } : {}),
      decisionRequirementsKey: requirements.key,
      decisionRequirementsId: model.id,
      deploymentKey,
    };
    ctx.put('decision', decision.key, decision);
    return decision;
  });
  return { requirements, decisions };
}

/** One evaluation of a decision (Zeebe's DecisionEvaluationRecord): what the REST answer and the records are built from. */
export interface DecisionEvaluation {
  /** the decisionEvaluationKey */
  key: number;
  decision: DecisionRecord;
  requirements: DecisionRequirementsRecord;
  result: DecisionResult;
  /** the deployed decision behind each evaluated decision, in the same order */
  evaluatedDecisions: DecisionRecord[];
}

/** Where a business rule task evaluated a decision; absent for POST /decision-definitions/evaluation. */
interface EvaluationSource {
  processDefinitionKey: number;
  processInstanceKey: number;
  elementInstanceKey: number;
}

function evaluate(ctx: RuntimeContext, decision: DecisionRecord, variables: Variables, source?: EvaluationSource): DecisionEvaluation {
  const requirements = ctx.get<DecisionRequirementsRecord>('decisionRequirements', decision.decisionRequirementsKey)!;
  const graph = ctx.decisionGraphs.get(requirements.key)!;
  const result = evaluateDecision(graph, decision.decisionId, variables, feelOpts(ctx));
  const siblings = new Map(decisionsOf(ctx, requirements.key).map((d) => [d.decisionId, d]));
  const evaluation: DecisionEvaluation = {
    key: ctx.newKey(),
    decision,
    requirements,
    result,
    evaluatedDecisions: result.evaluatedDecisions.map((e) => siblings.get(e.decisionId)!),
  };
  recordDecisionInstances(ctx, evaluation, source);
  return evaluation;
}

/**
 * One searchable decision instance per evaluated decision, identified like Zeebe's
 * decisionEvaluationInstanceKey: the evaluation's key and the decision's 1-based position.
 */
function recordDecisionInstances(ctx: RuntimeContext, evaluation: DecisionEvaluation, source: EvaluationSource | undefined): void {
  const { result } = evaluation;
  const evaluatedAt = ctx.now();
  result.evaluatedDecisions.forEach((evaluated, i) => {
    const decision = evaluation.evaluatedDecisions[i];
    const failed = result.failure !== undefined && i === result.evaluatedDecisions.length - 1;
    const row = {
      key: ctx.newKey(),
      decision_evaluation_instance_key: `${evaluation.key}-${i + 1}`,
      decision_evaluation_key: evaluation.key,
      state: failed ? 'FAILED' : 'EVALUATED',
      evaluation_date: evaluatedAt,
      evaluation_failure: failed ? result.failure!.message : null,
      decision_definition_id: decision.decisionId,
      decision_definition_key: decision.key,
      decision_definition_name: evaluated.decisionName,
      decision_definition_version: decision.version,
      decision_definition_type: evaluated.decisionType,
      result: evaluated.output,
      evaluated_inputs: JSON.stringify(evaluated.evaluatedInputs),
      matched_rules: JSON.stringify(evaluated.matchedRules),
      process_definition_key: source?.processDefinitionKey ?? null,
      process_instance_key: source?.processInstanceKey ?? null,
      element_instance_key: source?.elementInstanceKey ?? null,
    };
    ctx.store.index.recordChanged('decision_instance', row.key, () => row);
  });
}

export interface EvaluateRequest {
  decisionDefinitionKey?: number;
  decisionDefinitionId?: string;
  variables: Variables;
}

/** POST /decision-definitions/evaluation: the latest version by id, or the decision by key. A failed evaluation is an answer too. */
export function evaluateDecisionCommand(ctx: RuntimeContext, req: EvaluateRequest): DecisionEvaluation {
  let decision: DecisionRecord | undefined;
  if (req.decisionDefinitionId !== undefined && req.decisionDefinitionId !== '') {
    decision = latestDecisionById(ctx, req.decisionDefinitionId);
    if (!decision) throw notFound(`Expected to evaluate decision '${req.decisionDefinitionId}', but no decision found for id '${req.decisionDefinitionId}'`);
  } else if (req.decisionDefinitionKey !== undefined) {
    decision = ctx.get<DecisionRecord>('decision', req.decisionDefinitionKey);
    if (!decision) throw notFound(`Expected to evaluate decision with key '${req.decisionDefinitionKey}', but no such decision found`);
  } else {
    throw invalidArgument('Expected either a decision id or a valid decision key, but none provided');
  }
  return evaluate(ctx, decision, req.variables);
}

/** The decision a business rule task calls, by its binding type; a CALLED_DECISION_ERROR incident when there is none. */
function calledDecision(ctx: RuntimeContext, ei: ElementInstanceRecord, element: ElementModel, decisionId: string): DecisionRecord {
  const binding = element.calledDecision!;
  const accepts = bindingAccepts(ctx, ei, binding);
  const found = latestVersion(ctx.store.table<DecisionRecord>('decision').values(), (d) => d.decisionId === decisionId && accepts(d));
  let where = '';
  if (binding.bindingType === 'deployment') {
    where = ` in the deployment with key '${ctx.definition(ei.definitionKey).deploymentKey}' which contained the current process; deploy the decision together with the process`;
  } else if (binding.bindingType === 'versionTag') {
    where = ` and version tag '${binding.versionTag}'`;
  }
  if (!found) throw new ActivationIncident('CALLED_DECISION_ERROR', `Expected to evaluate decision '${decisionId}', but no decision found for id '${decisionId}'${where}`);
  return found;
}

/**
 * Evaluates the decision a business rule task calls, with the variables its instance sees, and
 * answers the decision's output; a failed evaluation is recorded, then raised as a
 * DECISION_EVALUATION_ERROR incident, as Zeebe does.
 */
export function evaluateCalledDecision(ctx: RuntimeContext, ei: ElementInstanceRecord, element: ElementModel, decisionId: string): unknown {
  const decision = calledDecision(ctx, ei, element, decisionId);
  const evaluation = evaluate(ctx, decision, ctx.visibleVariables(ei.key), {
    processDefinitionKey: ei.definitionKey,
    processInstanceKey: ei.processInstanceKey,
    elementInstanceKey: ei.key,
  });
  const { failure, output } = evaluation.result;
  if (failure) throw new ActivationIncident('DECISION_EVALUATION_ERROR', failure.message);
  return JSON.parse(output) as unknown;
}
