import { evaluateFeel, evaluateUnaryTests, FeelError, type FeelOptions } from '../feel/feel.js';
import type { DecisionModel, DecisionOutput, DecisionRequirementsModel, DecisionRule, DecisionTableLogic, ResultType } from './types.js';

export interface EvaluatedInput {
  inputId: string;
  inputName: string;
  /** the value as JSON text */
  inputValue: string;
}

export interface EvaluatedOutput {
  outputId: string;
  outputName: string;
  /** the value as JSON text */
  outputValue: string;
}

export interface MatchedRule {
  ruleId: string;
  ruleIndex: number;
  evaluatedOutputs: EvaluatedOutput[];
}

/** One decision of the graph as it was evaluated (Zeebe's EvaluatedDecision, dmn-scala's audit log entry). */
export interface EvaluatedDecision {
  decisionId: string;
  decisionName: string;
  decisionType: 'DECISION_TABLE' | 'LITERAL_EXPRESSION';
  /** JSON text; 'null' for a decision that failed */
  output: string;
  evaluatedInputs: EvaluatedInput[];
  matchedRules: MatchedRule[];
}

export interface DecisionResult {
  /** the result of the decision asked for, as JSON text ('null' when nothing matched) */
  output: string;
  /** the required decisions first, in the order they were evaluated, then the decision asked for */
  evaluatedDecisions: EvaluatedDecision[];
  failure?: { message: string; failedDecisionId: string };
}

/** A decision could not be evaluated; `evaluated` is what it had reached (for the audit). */
class DecisionFailure extends Error {
  constructor(
    message: string,
    readonly evaluated?: EvaluatedDecision,
  ) {
    super(message);
  }
}

const json = (value: unknown) => JSON.stringify(value === undefined ? null : value);

/**
 * Evaluates a decision of a graph with the given variables, its required decisions first. As in
 * dmn-scala, a required decision's result is a variable named by the required decision's variable
 * (its id when it has none), and a decision required along several paths is evaluated, and listed,
 * once per path: the required decisions see the caller's variables alone, so each evaluation
 * gives the same result, and Zeebe reports every one of them.
 * A failure is part of the result, with the message Zeebe gives ("Expected to evaluate decision
 * 'x', but …") and the decision that failed.
 */
export function evaluateDecision(drg: DecisionRequirementsModel, decisionId: string, variables: Record<string, unknown>, opts: FeelOptions): DecisionResult {
  const byId = new Map(drg.decisions.map((d) => [d.id, d]));
  const evaluatedDecisions: EvaluatedDecision[] = [];
  const evaluate = (decision: DecisionModel): unknown => {
    const scope: Record<string, unknown> = { ...variables };
    for (const requiredId of decision.requiredDecisionIds) {
      const required = byId.get(requiredId)!;
      scope[required.resultName] = evaluate(required);
    }
    let evaluated: { value: unknown; record: EvaluatedDecision };
    try {
      evaluated = decision.logic.kind === 'LITERAL_EXPRESSION' ? evaluateLiteral(decision, decision.logic.expression, scope, opts) : evaluateTable(decision, decision.logic, scope, opts);
    } catch (err) {
      if (err instanceof DecisionFailure && err.evaluated) evaluatedDecisions.push(err.evaluated);
      throw err;
    }
    evaluatedDecisions.push(evaluated.record);
    if (decision.resultType) checkResultType(decision.resultType, evaluated.value);
    return evaluated.value;
  };
  const target = byId.get(decisionId);
  if (!target) {
    return { output: 'null', evaluatedDecisions, failure: { message: `Expected to evaluate decision '${decisionId}', but no decision found for id '${decisionId}'`, failedDecisionId: decisionId } };
  }
  try {
    return { output: json(evaluate(target)), evaluatedDecisions };
  } catch (err) {
    const failedDecisionId = evaluatedDecisions.at(-1)?.decisionId ?? decisionId;
    return { output: 'null', evaluatedDecisions, failure: { message: `Expected to evaluate decision '${decisionId}', but ${(err as Error).message}`, failedDecisionId } };
  }
}

/**
 * dmn-scala's TypeChecker on the decision's result: null passes any type, anything else must be of
 * the variable's type. The decision stays in the audit with its result, and is the one that failed.
 */
function checkResultType(type: ResultType, value: unknown): void {
  // the checked types are named as JavaScript's typeof names them
  if (value === null || typeof value === type) return;
  throw new DecisionFailure(`expected '${type}' but found '${scalaValue(value)}'`);
}

/** A value as feel-scala's Val prints it (ValString(a), ValList(List(ValNumber(1)))), as Zeebe's message shows it. */
function scalaValue(value: unknown): string {
  if (typeof value === 'string') return `ValString(${value})`;
  if (typeof value === 'number') return `ValNumber(${value})`;
  if (typeof value === 'boolean') return `ValBoolean(${value})`;
  if (value === null || value === undefined) return 'ValNull';
  if (Array.isArray(value)) return `ValList(List(${value.map(scalaValue).join(', ')}))`;
  return `ValContext(${json(value)})`;
}

function decisionRecord(decision: DecisionModel, type: EvaluatedDecision['decisionType']): EvaluatedDecision {
  return { decisionId: decision.id, decisionName: decision.name ?? decision.id, decisionType: type, output: 'null', evaluatedInputs: [], matchedRules: [] };
}

/** FEEL, with the failure naming where it happened. */
function feel(source: string, scope: Record<string, unknown>, opts: FeelOptions, where: string): unknown {
  try {
    return evaluateFeel(source, scope, opts);
  } catch (err) {
    throw new DecisionFailure(`${where}: ${err instanceof FeelError ? err.message : String(err)}`);
  }
}

function evaluateLiteral(decision: DecisionModel, expression: string, scope: Record<string, unknown>, opts: FeelOptions) {
  const record = decisionRecord(decision, 'LITERAL_EXPRESSION');
  let value: unknown;
  try {
    value = feel(expression, scope, opts, `failed to evaluate the literal expression of decision '${decision.id}'`);
  } catch (err) {
    throw new DecisionFailure((err as Error).message, record);
  }
  record.output = json(value);
  return { value, record };
}

function evaluateTable(decision: DecisionModel, table: DecisionTableLogic, scope: Record<string, unknown>, opts: FeelOptions) {
  const record = decisionRecord(decision, 'DECISION_TABLE');
  const fail = (message: string): never => {
    throw new DecisionFailure(message, record);
  };
  const inputValues = table.inputs.map((input, i) => {
    let value: unknown;
    try {
      value = feel(input.expression, scope, opts, `failed to evaluate input ${i + 1} '${input.name}' (id ${input.id}) of decision '${decision.id}'`);
    } catch (err) {
      return fail((err as Error).message);
    }
    record.evaluatedInputs.push({ inputId: input.id, inputName: input.name, inputValue: json(value) });
    return value;
  });
  const matchedRules = table.rules.filter((rule) =>
    rule.inputEntries.every((entry, i) => {
      try {
        return evaluateUnaryTests(entry, inputValues[i], scope, opts);
      } catch (err) {
        return fail(`failed to evaluate rule ${rule.index} (id ${rule.id}), input ${i + 1} of decision '${decision.id}': ${(err as Error).message}`);
      }
    }),
  );
  // as dmn-scala: a FIRST table's later matches are neither evaluated nor audited
  const outputRules = table.hitPolicy === 'FIRST' ? matchedRules.slice(0, 1) : matchedRules;
  const matched: Hit[] = outputRules.map((rule) => ({
    rule,
    values: rule.outputEntries.map((entry, i) => {
      if (entry === '') return null;
      try {
        return feel(entry, scope, opts, `failed to evaluate rule ${rule.index} (id ${rule.id}), output ${i + 1} of decision '${decision.id}'`);
      } catch (err) {
        return fail((err as Error).message);
      }
    }),
  }));
  // the audit lists every evaluated match before the hit policy judges them, a violation included, as Zeebe's does
  for (const hit of matched) {
    record.matchedRules.push({
      ruleId: hit.rule.id,
      ruleIndex: hit.rule.index,
      // as Zeebe 8.8 (and the Modeler): the label before the name; neither leaves the name empty
      evaluatedOutputs: table.outputs.map((output, i) => ({ outputId: output.id, outputName: output.label ?? output.name ?? '', outputValue: json(hit.values[i]) })),
    });
  }
  const hits = applyHitPolicy(table, matched, fail);
  const value = hits.length === 0 ? defaultResult(table, scope, opts, decision) : tableResult(table, hits, fail);
  record.output = json(value);
  return { value, record };
}

type Hit = { rule: DecisionRule; values: unknown[] };

/** The rules whose outputs make the result, in result order; a failure when the hit policy is violated. */
function applyHitPolicy(table: DecisionTableLogic, matched: Hit[], fail: (message: string) => never): Hit[] {
  const ruleList = (hits: Hit[]) => hits.map((h) => `${h.rule.index} (id ${h.rule.id})`).join(', ');
  switch (table.hitPolicy) {
    case 'UNIQUE':
      if (matched.length > 1) fail(`multiple rules matched for the hit policy UNIQUE, but only one may: rules ${ruleList(matched)}`);
      return matched;
    case 'FIRST':
      return matched.slice(0, 1);
    case 'ANY': {
      const first = matched[0];
      if (!first) return matched;
      const differing = matched.filter((h) => json(h.values) !== json(first.values));
      if (differing.length > 0) fail(`the rules matched for the hit policy ANY have different outputs: rules ${ruleList(matched)}`);
      return matched.slice(0, 1);
    }
    case 'PRIORITY':
      return byPriority(table, matched).slice(0, 1);
    case 'OUTPUT ORDER':
      return byPriority(table, matched);
    case 'COLLECT':
    case 'RULE ORDER':
      return matched;
  }
}

/**
 * Rules ordered by their outputs' priorities, as dmn-scala's sortByPriority orders them: each
 * output gives the position of the rule's value among its output values ('_' for a value not
 * there, or neither string nor number), the positions are joined into one text per rule, and the
 * rules are sorted by that text, stably. Being text, position 10 sorts before position 2 there,
 * and so here.
 */
function byPriority(table: DecisionTableLogic, matched: Hit[]): Hit[] {
  const position = (output: DecisionOutput, value: unknown) => {
    const at = typeof value === 'string' || typeof value === 'number' ? (output.priorities ?? []).indexOf(String(value)) : -1;
    return at < 0 ? '_' : String(at);
  };
  const keyed = matched.map((hit) => ({ hit, key: table.outputs.map((output, i) => position(output, hit.values[i])).join('') }));
  return keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((k) => k.hit);
}

/** One rule's outputs: the value of a single output, else a context by output name. */
function ruleResult(table: DecisionTableLogic, values: unknown[]): unknown {
  if (table.outputs.length === 1) return values[0];
  return Object.fromEntries(table.outputs.map((output, i) => [output.name!, values[i]]));
}

function tableResult(table: DecisionTableLogic, hits: Hit[], fail: (message: string) => never): unknown {
  const single = ['UNIQUE', 'FIRST', 'ANY', 'PRIORITY'].includes(table.hitPolicy);
  if (single) return ruleResult(table, hits[0].values);
  if (table.hitPolicy !== 'COLLECT' || !table.aggregation) return hits.map((h) => ruleResult(table, h.values));
  if (table.aggregation === 'COUNT') return hits.length;
  const values: number[] = hits.map((h) => {
    const value = h.values[0];
    // dmn-scala's words, naming the first value that is no number
    return typeof value === 'number' ? value : fail(`expected number but found '${scalaValue(value)}'`);
  });
  if (table.aggregation === 'SUM') return values.reduce((sum, n) => sum + n, 0);
  return table.aggregation === 'MIN' ? Math.min(...values) : Math.max(...values);
}

/**
 * No rule matched: the default entries of the outputs that have one, as dmn-scala gives them:
 * null when none has, the value itself when one has (in a table of several outputs too), else a
 * context of those outputs alone.
 */
function defaultResult(table: DecisionTableLogic, scope: Record<string, unknown>, opts: FeelOptions, decision: DecisionModel): unknown {
  const defaults = table.outputs.flatMap((output, i) =>
    output.defaultEntry === undefined
      ? []
      : [[output.name ?? '', feel(output.defaultEntry, scope, opts, `failed to evaluate the default output entry of output ${i + 1} of decision '${decision.id}'`)] as const],
  );
  if (defaults.length === 0) return null;
  return defaults.length === 1 ? defaults[0][1] : Object.fromEntries(defaults);
}
