import { DmnModdle } from 'dmn-moddle';
import { DeploymentRejectedError } from '../model/compile.js';
import { isModdleElement, list, ref, str, type ModdleElement } from '../model/moddle.js';
import type { ModelProblem } from '../model/types.js';
import { asDmn13, READ_VERSIONS } from './versions.js';
import { feelSyntaxError, unaryTestsSyntaxError } from '../feel/feel.js';
import type {
  Aggregation,
  DecisionInput,
  DecisionModel,
  DecisionOutput,
  DecisionRequirementsModel,
  DecisionRule,
  DecisionTableLogic,
  HitPolicy,
  LiteralExpressionLogic,
  ResultType,
} from './types.js';

const moddle = new DmnModdle();

const HIT_POLICIES: readonly HitPolicy[] = ['UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT', 'RULE ORDER', 'OUTPUT ORDER'];
const AGGREGATIONS: readonly Aggregation[] = ['SUM', 'MIN', 'MAX', 'COUNT'];

type Report = (message: string) => void;

/**
 * Reads a .dmn resource (DMN 1.1 to 1.5, see versions.ts) into its decision requirements graph, or refuses it with every problem
 * found, each naming the decision and, inside a decision table, the rule and column.
 */
export async function compileDmn(xml: string, resourceName: string): Promise<DecisionRequirementsModel> {
  const problems: ModelProblem[] = [];
  const definitions = await readDefinitions(xml, problems);
  if (!definitions) throw new DeploymentRejectedError(resourceName, problems);
  const drgId = str(definitions, 'id') ?? '';
  if (drgId.trim() === '') problems.push({ elementId: '', elementType: 'dmn:Definitions', message: 'the decision requirements graph (dmn:definitions) has no id' });
  const decisions: DecisionModel[] = [];
  for (const element of list(definitions, 'drgElement')) {
    if (!element.$instanceOf('dmn:Decision')) continue;
    const id = str(element, 'id') ?? '';
    const report: Report = (message) => problems.push({ elementId: id, elementType: 'dmn:Decision', message });
    if (id.trim() === '') report(`a decision${str(element, 'name') ? ` ('${str(element, 'name')}')` : ''} has no id`);
    const decision = compileDecision(element, id, report);
    if (decision) decisions.push(decision);
  }
  if (decisions.length === 0 && problems.length === 0) {
    problems.push({ elementId: drgId, elementType: 'dmn:Definitions', message: 'the decision requirements graph holds no decision' });
  }
  checkRequirements(decisions, problems);
  if (problems.length > 0) throw new DeploymentRejectedError(resourceName, problems);
  const name = str(definitions, 'name');
  return { id: drgId, ...(name ? { name } : {}), decisions };
}

async function readDefinitions(xml: string, problems: ModelProblem[]): Promise<ModdleElement | undefined> {
  const document = await asDmn13(xml);
  if (document.version === undefined) {
    const found = document.namespace === undefined ? 'has no namespace' : `has the namespace '${document.namespace}'`;
    problems.push({ elementId: '', elementType: '', message: `not a DMN document of a version Camunda reads (DMN ${READ_VERSIONS}): its root element ${found}` });
    return undefined;
  }
  try {
    const { rootElement, warnings } = await moddle.fromXML(document.dmn13, 'dmn:Definitions');
    for (const warning of warnings) {
      // layout (DMNDI) oddities are never evaluated
      if (warning.element?.$type.startsWith('dmndi:') || warning.element?.$type.startsWith('dc:')) continue;
      problems.push({ elementId: warning.element?.id ?? '', elementType: warning.element?.$type ?? '', message: warning.message });
    }
    if (!isModdleElement(rootElement)) {
      problems.push({ elementId: '', elementType: '', message: 'the document has no dmn:definitions root' });
      return undefined;
    }
    return rootElement;
  } catch (err) {
    problems.push({ elementId: '', elementType: '', message: `not a DMN ${document.version} document: ${(err as Error).message}` });
    return undefined;
  }
}

function compileDecision(element: ModdleElement, id: string, report: Report): DecisionModel | undefined {
  const logic = ref(element, 'decisionLogic');
  let compiled: DecisionModel['logic'] | undefined;
  if (!logic) report('the decision has no decision logic; Camunda evaluates decision tables and literal expressions');
  else if (logic.$type === 'dmn:DecisionTable') compiled = compileTable(logic, report);
  else if (logic.$type === 'dmn:LiteralExpression') compiled = compileLiteral(logic, report);
  else report(`decision logic ${logic.$type} is not supported; Camunda evaluates decision tables and literal expressions`);
  if (!compiled) return undefined;
  const requiredDecisionIds = list(element, 'informationRequirement')
    .map((requirement) => ref(requirement, 'requiredDecision'))
    .filter((required): required is ModdleElement => required !== undefined)
    .map((required) => (str(required, 'href') ?? '').replace(/^#/, ''));
  const name = str(element, 'name');
  const versionTag = versionTagOf(element);
  const resultType = resultTypeOf(element);
  const variable = ref(element, 'variable');
  const resultName = (variable ? str(variable, 'name') : undefined) || id;
  return { id, ...(name ? { name } : {}), ...(versionTag ? { versionTag } : {}), ...(resultType ? { resultType } : {}), resultName, requiredDecisionIds, logic: compiled };
}

const CHECKED_TYPES: readonly ResultType[] = ['string', 'number', 'boolean'];

/**
 * The type the decision's variable (typeRef) gives its result, as dmn-scala's TypeChecker reads it:
 * with or without DMN 1.1's 'feel:' prefix ('feel:string' is 'string'). Other names ('xsd:integer',
 * 'integer', item definitions) are not checked, there as here. Temporal types, which dmn-scala
 * checks too, are left unchecked: the engine's results are JSON by then, a date the same string as text.
 */
function resultTypeOf(element: ModdleElement): ResultType | undefined {
  const variable = ref(element, 'variable');
  const typeRef = variable ? str(variable, 'typeRef') : undefined;
  const type = typeRef?.replaceAll('feel:', '');
  return CHECKED_TYPES.find((checked) => checked === type);
}

/** `<zeebe:versionTag value="…"/>` in the decision's extension elements, as Camunda Modeler writes it. */
function versionTagOf(element: ModdleElement): string | undefined {
  const extensions = ref(element, 'extensionElements');
  const tag = extensions ? list(extensions, 'values').find((value) => value.$type === 'zeebe:versionTag') : undefined;
  const value = tag ? str(tag, 'value') : undefined;
  return value?.trim() ? value.trim() : undefined;
}

const textOf = (element: ModdleElement | undefined) => (element ? (str(element, 'text') ?? '') : '').trim();

/**
 * The expression languages dmn-scala evaluates: 'feel' and the FEEL namespaces of DMN 1.1 to 1.5, in
 * any case (DmnParser.feelNameSpaces). Only an expression's own attribute counts there, never the
 * definitions' default, so the same holds here.
 */
const FEEL_LANGUAGES = [
  'feel',
  'http://www.omg.org/spec/FEEL/20140401',
  'http://www.omg.org/spec/DMN/20180521/FEEL/',
  'https://www.omg.org/spec/DMN/20191111/FEEL/',
  'https://www.omg.org/spec/DMN/20211108/FEEL/',
  'https://www.omg.org/spec/DMN/20230324/FEEL/',
].map((language) => language.toLowerCase());

/** dmn-scala's refusal of an expression (literal expression or unary tests) in another language than FEEL, in its words. */
function languageError(element: ModdleElement | undefined): string | undefined {
  const language = element ? str(element, 'expressionLanguage')?.toLowerCase() : undefined;
  return language === undefined || FEEL_LANGUAGES.includes(language) ? undefined : `Expression language '${language}' is not supported`;
}

/** The expression's problem: its language when that is not FEEL, else its FEEL syntax. */
const expressionError = (element: ModdleElement | undefined, text: string) => languageError(element) ?? feelSyntaxError(text);

function compileLiteral(logic: ModdleElement, report: Report): LiteralExpressionLogic | undefined {
  const expression = textOf(logic);
  if (expression === '') {
    report('the literal expression is empty');
    return undefined;
  }
  const error = expressionError(logic, expression);
  if (error) report(`literal expression: ${error}`);
  return { kind: 'LITERAL_EXPRESSION', expression };
}

function compileTable(table: ModdleElement, report: Report): DecisionTableLogic | undefined {
  const problemsBefore = countingReport(report);
  const hitPolicy = (str(table, 'hitPolicy') ?? 'UNIQUE') as HitPolicy;
  if (!HIT_POLICIES.includes(hitPolicy)) report(`hit policy '${hitPolicy}' is not supported; Camunda supports ${HIT_POLICIES.join(', ')}`);
  const aggregation = str(table, 'aggregation') as Aggregation | undefined;
  if (aggregation !== undefined) {
    if (!AGGREGATIONS.includes(aggregation)) report(`aggregation '${aggregation}' is not supported; Camunda supports ${AGGREGATIONS.join(', ')}`);
    if (hitPolicy !== 'COLLECT') report(`aggregation '${aggregation}' needs the hit policy COLLECT, but the hit policy is ${hitPolicy}`);
  }
  const inputs = list(table, 'input').map((input, i) => compileInput(input, i, problemsBefore.report));
  const outputs = list(table, 'output').map((output, i) => compileOutput(output, i, problemsBefore.report));
  if (outputs.length === 0) problemsBefore.report('the decision table has no output');
  if (outputs.length > 1) {
    outputs.forEach((output, i) => {
      if (!output.name) problemsBefore.report(`${column('output', i, output)} has no name; a decision table with several outputs needs a name for each, the keys of its result`);
    });
    if (aggregation) problemsBefore.report(`aggregation '${aggregation}' needs exactly one output, but the decision table has ${outputs.length}`);
  }
  const rules = list(table, 'rule').map((rule, i) => compileRule(rule, i, inputs, outputs, problemsBefore.report));
  if (problemsBefore.count > 0) return undefined;
  return { kind: 'DECISION_TABLE', hitPolicy, ...(aggregation ? { aggregation } : {}), inputs, outputs, rules };
}

/** A report that also counts, so a table with problems is not compiled further. */
function countingReport(report: Report): { report: Report; count: number } {
  const counter = {
    count: 0,
    report: (message: string) => {
      counter.count++;
      report(message);
    },
  };
  return counter;
}

/** "input 2 'Season' (id Input_2)": how messages name a column. */
function column(kind: 'input' | 'output', index: number, item: { id: string; name?: string; label?: string }): string {
  const title = kind === 'input' ? item.name : (item.label ?? item.name);
  return `${kind} ${index + 1}${title ? ` '${title}'` : ''}${item.id ? ` (id ${item.id})` : ''}`;
}

const INPUT_NAME_LENGTH = 30;

function compileInput(input: ModdleElement, index: number, report: Report): DecisionInput {
  const id = str(input, 'id') ?? '';
  const inputExpression = ref(input, 'inputExpression');
  const expression = textOf(inputExpression);
  const label = str(input, 'label')?.trim();
  // Zeebe cuts an unlabelled input's expression to 30 characters when it reports the name (EvaluatedDmnScalaInput)
  const compiled = { id, name: label || expression.slice(0, INPUT_NAME_LENGTH), expression };
  if (expression === '') report(`${column('input', index, compiled)} has no input expression`);
  else {
    const error = expressionError(inputExpression, expression);
    if (error) report(`${column('input', index, compiled)}, input expression: ${error}`);
  }
  return compiled;
}

function compileOutput(output: ModdleElement, index: number, report: Report): DecisionOutput {
  const id = str(output, 'id') ?? '';
  const name = str(output, 'name')?.trim();
  const label = str(output, 'label')?.trim();
  const compiled: DecisionOutput = { id, ...(name ? { name } : {}), ...(label ? { label } : {}) };
  const values = textOf(ref(output, 'outputValues'));
  // dmn-scala neither parses nor checks output values: it splits their text for the priorities alone
  if (values !== '') compiled.priorities = values.split(',').map((value) => value.trim().replace(/["']/g, ''));
  const defaultOutputEntry = ref(output, 'defaultOutputEntry');
  const defaultEntry = textOf(defaultOutputEntry);
  if (defaultEntry !== '') {
    const error = expressionError(defaultOutputEntry, defaultEntry);
    if (error) report(`${column('output', index, compiled)}, default output entry: ${error}`);
    compiled.defaultEntry = defaultEntry;
  }
  return compiled;
}

function compileRule(rule: ModdleElement, index: number, inputs: DecisionInput[], outputs: DecisionOutput[], report: Report): DecisionRule {
  const id = str(rule, 'id') ?? '';
  const where = `rule ${index + 1}${id ? ` (id ${id})` : ''}`;
  const inputElements = list(rule, 'inputEntry');
  const outputElements = list(rule, 'outputEntry');
  const inputEntries = inputElements.map((entry) => textOf(entry));
  const outputEntries = outputElements.map((entry) => textOf(entry));
  if (id === '') report(`${where} has no id`);
  if (inputEntries.length !== inputs.length) report(`${where} has ${inputEntries.length} input entries, but the table has ${inputs.length} inputs`);
  if (outputEntries.length !== outputs.length) report(`${where} has ${outputEntries.length} output entries, but the table has ${outputs.length} outputs`);
  inputEntries.forEach((entry, i) => {
    const error = languageError(inputElements[i]) ?? unaryTestsSyntaxError(entry);
    if (error && inputs[i]) report(`${where}, ${column('input', i, inputs[i])}: ${error}`);
  });
  outputEntries.forEach((entry, i) => {
    const error = entry === '' ? languageError(outputElements[i]) : expressionError(outputElements[i], entry);
    if (error && outputs[i]) report(`${where}, ${column('output', i, outputs[i])}: ${error}`);
  });
  return { id, index: index + 1, inputEntries, outputEntries };
}

/** Every required decision is in the graph, and no decision requires itself through others. */
function checkRequirements(decisions: DecisionModel[], problems: ModelProblem[]): void {
  const byId = new Map(decisions.map((d) => [d.id, d]));
  for (const decision of decisions) {
    for (const required of decision.requiredDecisionIds) {
      if (!byId.has(required)) {
        problems.push({ elementId: decision.id, elementType: 'dmn:Decision', message: `the decision requires decision '${required}', which is not in this decision requirements graph` });
      }
    }
  }
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done' || !byId.has(id)) return undefined;
    if (state.get(id) === 'open') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'open');
    path.push(id);
    for (const next of byId.get(id)!.requiredDecisionIds) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const decision of decisions) {
    const cycle = visit(decision.id);
    if (cycle) {
      problems.push({ elementId: cycle[0], elementType: 'dmn:Decision', message: `the required decisions form a cycle: ${cycle.join(' -> ')}` });
      return;
    }
  }
}
