/**
 * The compiled form of a deployed DMN resource: one decision requirements graph (DRG) with its
 * decisions. The parser (parse.ts) builds these plain objects from dmn-moddle's tree once, so
 * evaluation (evaluate.ts) never touches moddle and a stored DRG can be compiled again from its XML.
 */

/** The hit policies of decision tables, as Camunda 8 supports them (DMN 1.3 without PRIORITY's siblings). */
export type HitPolicy = 'UNIQUE' | 'FIRST' | 'PRIORITY' | 'ANY' | 'COLLECT' | 'RULE ORDER' | 'OUTPUT ORDER';

export type Aggregation = 'SUM' | 'MIN' | 'MAX' | 'COUNT';

export interface DecisionInput {
  id: string;
  /** the label, else the input expression cut to 30 characters: what Zeebe 8.8 reports as the input's name */
  name: string;
  /** FEEL */
  expression: string;
}

export interface DecisionOutput {
  id: string;
  /** the key of this output in a result with several outputs */
  name?: string;
  label?: string;
  /**
   * the output values (allowed values) in priority order, for PRIORITY and OUTPUT ORDER: their text
   * split at commas, each trimmed and without quotes, as dmn-scala reads them (never checked as FEEL)
   */
  priorities?: string[];
  /** FEEL; the value when no rule matches */
  defaultEntry?: string;
}

export interface DecisionRule {
  id: string;
  /** 1-based, as Camunda reports matched rules */
  index: number;
  /** FEEL unary tests, one per input; '-' matches anything */
  inputEntries: string[];
  /** FEEL expressions, one per output; '' gives null */
  outputEntries: string[];
}

export interface DecisionTableLogic {
  kind: 'DECISION_TABLE';
  hitPolicy: HitPolicy;
  aggregation?: Aggregation;
  inputs: DecisionInput[];
  outputs: DecisionOutput[];
  rules: DecisionRule[];
}

export interface LiteralExpressionLogic {
  kind: 'LITERAL_EXPRESSION';
  /** FEEL */
  expression: string;
}

/** The variable types a decision's result is checked against (see parse.ts resultTypeOf). */
export type ResultType = 'string' | 'number' | 'boolean';

export interface DecisionModel {
  id: string;
  name?: string;
  /** the decision's variable typeRef, when it is one the result is checked against */
  resultType?: ResultType;
  /** zeebe:versionTag of the decision, for business rule tasks bound by version tag */
  versionTag?: string;
  /**
   * the name this decision's result has in a requiring decision: its variable's name, else its id
   * (dmn-scala's resultName); the Camunda Modeler names a literal expression's variable after the decision
   */
  resultName: string;
  /** ids of the decisions whose results this one reads (information requirements) */
  requiredDecisionIds: string[];
  logic: DecisionTableLogic | LiteralExpressionLogic;
}

export interface DecisionRequirementsModel {
  /** the id of the dmn:definitions element */
  id: string;
  name?: string;
  /** in document order */
  decisions: DecisionModel[];
}
