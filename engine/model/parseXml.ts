/**
 * Parses BPMN XML with bpmn-moddle (plus the Zeebe extension schema) and turns everything moddle
 * only warns about — unknown elements or attributes, broken references, duplicate ids — into
 * problems, because moddle silently drops such content and the model would then run differently.
 */
import type { ModdleParseError, ModdleWarning } from 'bpmn-moddle';
import { BpmnModdle } from 'bpmn-moddle';
import zeebeSchema from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import type { ModdleElement } from './moddle.js';
import { formBodyMarkup, positionKey } from './formBodyMarkup.js';
import { isModdleElement } from './moddle.js';
import type { ModelProblem } from './types.js';
import { checkXsdShape } from './xsd-shape.js';

const moddle = new BpmnModdle({ zeebe: zeebeSchema });

/** Diagram interchange (layout) content is never executed, so its oddities are not problems. */
const LAYOUT_PREFIXES = ['bpmndi:', 'dc:', 'di:'];

const isLayout = (type: string) => LAYOUT_PREFIXES.some((prefix) => type.startsWith(prefix));

export interface ParsedXml {
  /** undefined when the document could not be read at all */
  definitions?: ModdleElement;
  problems: ModelProblem[];
}

export async function parseBpmnXml(xml: string): Promise<ParsedXml> {
  try {
    const { rootElement, warnings } = await moddle.fromXML(xml);
    if (!isModdleElement(rootElement)) {
      return { problems: [documentProblem('the document has no bpmn:definitions root')] };
    }
    // only a document with unparsable content can have markup in a form body
    const inFormBody = warnings.some((warning) => !warning.element) ? formBodyMarkup(xml) : new Set<string>();
    return {
      definitions: rootElement,
      problems: [...checkXsdShape(xml, moddle), ...warnings.flatMap((warning) => warningProblems(warning, xml, inFormBody))],
    };
  } catch (error) {
    return { problems: [fatalProblem(error as ModdleParseError)] };
  }
}

function documentProblem(message: string): ModelProblem {
  return { elementId: '', elementType: '', message };
}

interface Unparsable {
  content: string;
  line: number;
  column: number;
  cause: string;
}

/** moddle-xml's "unparsable content <x> detected / line / column / nested error" text; lines and columns are 0-based. */
function parseUnparsable(message: string): Unparsable | undefined {
  const match = /^unparsable content (.*?)\s*detected\s*line: (\d+)\s*column: (\d+)\s*nested error: (.*)$/s.exec(message);
  if (!match) {
    return undefined;
  }
  const [, content = '', line = '0', column = '0', cause = ''] = match;
  return { content, line: Number(line), column: Number(column), cause: cause.trim() };
}

const at = ({ line, column }: Unparsable) => `line ${line + 1}, column ${column + 1}`;

function fatalProblem(error: ModdleParseError): ModelProblem {
  const unparsable = parseUnparsable(error.message);
  if (unparsable) {
    const near = unparsable.content ? ` near ${unparsable.content}` : '';
    return documentProblem(`malformed XML at ${at(unparsable)}${near}: ${unparsable.cause}`);
  }
  // e.g. "failed to parse document as <bpmn:Definitions>": the cause is in the collected warnings
  const cause = (error.warnings ?? []).map((warning) => parseUnparsable(warning.message)).find((u) => u !== undefined);
  const detail = cause ? ` (${cause.cause} at ${at(cause)})` : '';
  return documentProblem(`not a BPMN 2.0 document: ${error.message}${detail}`);
}

/** inFormBody: start positions of elements inside a zeebe:userTaskForm body, text content to Zeebe */
function warningProblems(warning: ModdleWarning, xml: string, inFormBody: Set<string>): ModelProblem[] {
  const { element, message } = warning;
  if (element) {
    if (isLayout(element.$type)) {
      return [];
    }
    const property = (warning.property ?? '').replace(/^bpmn:/, '');
    const text = !message.startsWith('unresolved reference')
      ? message
      : element.$type === 'bpmn:CompensateEventDefinition' && property === 'activityRef'
        ? `The referenced compensation activity '${String(warning.value)}' doesn't exist`
        : `${property} references '${String(warning.value)}', which does not exist`;
    return [{ elementId: element.id ?? '', elementType: element.$type, message: text }];
  }
  const unparsable = parseUnparsable(message);
  if (!unparsable) {
    // e.g. a declared non-UTF-8 encoding: irrelevant, the XML arrives as an already decoded string
    return [];
  }
  if (inFormBody.has(positionKey(unparsable.line, unparsable.column))) {
    return [];
  }
  const unknownType = /^unknown type <([^>]+)>$/.exec(unparsable.cause)?.[1];
  if (unknownType !== undefined && isLayout(unknownType)) {
    return [];
  }
  const tag = /^<\/?([^\s/>]+)/.exec(unparsable.content)?.[1] ?? '';
  return [
    {
      elementId: idAt(xml, unparsable) ?? '',
      elementType: unknownType ?? tag,
      message: `unsupported or invalid content ${unparsable.content} at ${at(unparsable)}: ${unparsable.cause}`,
    },
  ];
}

/** moddle drops unparsable elements; their id is recovered from the start tag at the reported position. */
function idAt(xml: string, { line, column }: Unparsable): string | undefined {
  const lines = xml.split('\n');
  const offset = lines.slice(0, line).reduce((sum, text) => sum + text.length + 1, 0) + column;
  const startTag = /^<[^>]*>/.exec(xml.slice(offset))?.[0] ?? '';
  return /\sid\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(startTag)?.slice(1).find((id) => id !== undefined);
}
