/**
 * What the BPMN 2.0 XSD refuses and bpmn-moddle lets through. Zeebe reads a diagram with schema
 * validation (Camunda's model API against BPMN20.xsd), so a value outside an attribute's XSD type
 * or a child element out of its sequence's order fails the deployment there; moddle instead
 * coerces the value (triggeredByEvent="maybe" reads as false) or files the child wherever it is,
 * and the diagram would run differently here. This check reads the raw XML (with saxen, the parser
 * moddle uses) against moddle's own type descriptors, whose property order follows the XSD's
 * sequences. It is deliberately narrow: only the rules below, only where moddle's order is known to
 * be the XSD's, and every refusal names the element, the line and the XSD rule (Xerces' code).
 */
import { Parser } from 'saxen';
import type { BpmnModdle, ModdleDescriptor } from 'bpmn-moddle';
import type { ModelProblem } from './types.js';
import { ContentCheck, missingRequiredAttributes } from './xsd-content.js';

const BPMN_URI = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
const BPMNDI_URI = 'http://www.omg.org/spec/BPMN/20100524/DI';

/** XSD's lexical spaces of the simple types moddle coerces. */
const LEXICAL: Record<string, { xsdType: string; pattern: RegExp }> = {
  Boolean: { xsdType: 'boolean', pattern: /^\s*(true|false|1|0)\s*$/ },
  Integer: { xsdType: 'integer', pattern: /^\s*[+-]?\d+\s*$/ },
};

/** xsd:ID (tBaseElement's id) is an NCName: a letter or '_' first, no spaces or colons. */
const NCNAME = /^[\p{L}_][\p{L}\p{N}\p{M}_.\-\u00B7\u203F\u2040]*$/u;

/**
 * Parent types whose child order is checked: for these moddle's property order is the XSD sequence,
 * once XSD_ORDER is applied (tDefinitions, tCallableElement and tProcess, tFlowNode and its subtypes,
 * tSequenceFlow, tCollaboration, tLaneSet, tLane, tMultiInstanceLoopCharacteristics). Left out on
 * purpose: types where moddle's order differs (dataState of data references). xsd:choice groups are
 * xsd-content.ts's.
 */
const ORDERED_TYPES = [
  'bpmn:Definitions',
  'bpmn:CallableElement',
  'bpmn:Process',
  'bpmn:FlowNode',
  'bpmn:SequenceFlow',
  'bpmn:Collaboration',
  'bpmn:LaneSet',
  'bpmn:Lane',
  'bpmn:MultiInstanceLoopCharacteristics',
];

/** Runs of properties whose XSD order differs from moddle's: tCallableElement's sequence is supportedInterfaceRef, ioSpecification, ioBinding, moddle lists ioSpecification first. */
const XSD_ORDER = [['supportedInterfaceRef', 'ioSpecification', 'ioBinding']];

interface OpenElement {
  tag: string;
  /** the BPMN type whose children are checked; undefined for content not checked (extensions, DI, references) */
  descriptor?: ModdleDescriptor;
  ordered: boolean;
  id: string;
  lastRank: number;
  lastChild: string;
  /** required children and choices of its XSD type, when it has any */
  content?: ContentCheck;
}

const typeName = (tag: string) => {
  const [prefix, local = ''] = tag.split(':');
  return `${prefix}:${local.charAt(0).toUpperCase()}${local.slice(1)}`;
};

export function checkXsdShape(xml: string, moddle: BpmnModdle): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const stack: OpenElement[] = [];
  const descriptorOf = (type: string): ModdleDescriptor | undefined =>
    moddle.registry.typeMap[type] ? moddle.registry.getEffectiveDescriptor(type) : undefined;
  const enumerations = new Map(
    (moddle.getPackage('bpmn').enumerations ?? []).map((e) => [`bpmn:${e.name}`, e.literalValues.map((literal) => literal.name)]),
  );

  const parser = new Parser();
  parser.ns({ [BPMN_URI]: 'bpmn', [BPMNDI_URI]: 'bpmndi' });
  parser.on('error', () => {
    // malformed XML is moddle's to report (parseXml.ts); this check then has nothing to add
    stack.length = 0;
  });
  // saxen reports a self-closing element's closeTag too, so every element is pushed and popped
  parser.on('openTag', (tag, attrGetter, _decode, _selfClosing, getContext) => {
    const line = getContext().line + 1;
    const parent = stack.at(-1);
    const attrs = attrGetter();
    const id = typeof attrs.id === 'string' ? attrs.id : '';
    const report = (elementId: string, elementType: string, message: string) => problems.push({ elementId, elementType, message: `${message} (line ${line})` });
    const descriptor = elementDescriptor(tag, parent, descriptorOf);
    const contentFault = parent?.content?.child(tag, line);
    if (parent && contentFault) report(parent.id, typeName(parent.tag), contentFault);
    if (parent?.descriptor && parent.ordered) {
      const rank = childRank(tag, parent.descriptor, descriptorOf);
      if (rank !== undefined) {
        if (rank < parent.lastRank) {
          // like Xerces, only the first child out of place: the rest of the sequence is no longer defined
          parent.ordered = false;
          report(
            parent.id,
            typeName(parent.tag),
            `cvc-complex-type.2.4.a: Invalid content was found starting with element '${tag}': in ${parent.tag} it must come before '${parent.lastChild}'`,
          );
        } else {
          parent.lastRank = rank;
          parent.lastChild = tag;
        }
      }
    }
    if (descriptor && tag.startsWith('bpmn:')) {
      for (const problem of attributeProblems(tag, attrs, descriptor, enumerations, stack.length === 0)) report(id, descriptor.name, problem);
    }
    const content = descriptor && tag.startsWith('bpmn:') ? ContentCheck.for(tag, descriptor) : undefined;
    const open: OpenElement = {
      tag,
      ...(descriptor && { descriptor }),
      ...(content && { content }),
      ordered: descriptor !== undefined && ORDERED_TYPES.some((type) => descriptor.allTypesByName[type] !== undefined),
      id,
      lastRank: -1,
      lastChild: '',
    };
    stack.push(open);
  });
  parser.on('closeTag', (_tag, _decode, _selfClosing, getContext) => {
    const closed = stack.pop();
    const fault = closed?.content?.close(getContext().line + 1);
    if (closed && fault) problems.push({ elementId: closed.id, elementType: typeName(closed.tag), message: `${fault.message} (line ${fault.line})` });
  });
  parser.parse(xml);
  return problems;
}

/** The BPMN type of an element, as moddle resolves it; undefined outside BPMN content. */
function elementDescriptor(
  tag: string,
  parent: OpenElement | undefined,
  descriptorOf: (type: string) => ModdleDescriptor | undefined,
): ModdleDescriptor | undefined {
  if (!tag.startsWith('bpmn:')) return undefined;
  if (!parent) return descriptorOf(typeName(tag));
  if (!parent.descriptor) return undefined;
  const named = parent.descriptor.propertiesByName[tag.slice('bpmn:'.length)];
  if (named && !named.isAttr) {
    // a reference (incoming, sourceRef, ...) holds an id as text; nothing inside to check
    return named.isReference ? undefined : descriptorOf(named.type);
  }
  return descriptorOf(typeName(tag));
}

/** The position of a child in its parent's XSD sequence, from the moddle property it fills. */
function childRank(tag: string, parent: ModdleDescriptor, descriptorOf: (type: string) => ModdleDescriptor | undefined): number | undefined {
  const local = tag.slice(tag.indexOf(':') + 1);
  let property = parent.propertiesByName[local];
  if (!property || property.isAttr) {
    const child = descriptorOf(typeName(tag));
    property = child && parent.properties.find((p) => !p.isAttr && !p.isVirtual && !p.isReference && child.allTypesByName[p.type] !== undefined);
  }
  if (!property || property.isAttr) return undefined;
  const rank = parent.properties.findIndex((p) => p.name === property.name);
  const run = XSD_ORDER.find((names) => names.includes(property.name));
  const slots = run?.map((name) => parent.properties.findIndex((p) => p.name === name)).sort((a, b) => a - b);
  // the run keeps the positions moddle gives its members, filled in the XSD's order; an activity's ioSpecification is no member
  if (!run || !slots || slots.includes(-1)) return rank;
  return slots[run.indexOf(property.name)] ?? rank;
}

function attributeProblems(
  tag: string,
  attrs: Record<string, string>,
  descriptor: ModdleDescriptor,
  enumerations: Map<string, string[]>,
  isRoot: boolean,
): string[] {
  const problems: string[] = [];
  if (isRoot && tag === 'bpmn:definitions' && attrs.targetNamespace === undefined) {
    problems.push(`cvc-complex-type.4: Attribute 'targetNamespace' must appear on element '${tag}'`);
  }
  for (const name of missingRequiredAttributes(attrs, descriptor)) {
    problems.push(`cvc-complex-type.4: Attribute '${name}' must appear on element '${tag}'`);
  }
  for (const [name, value] of Object.entries(attrs)) {
    if (name.includes(':') || name === 'xmlns') continue;
    const property = descriptor.propertiesByName[name];
    if (!property?.isAttr) continue;
    const invalid = (xsdType: string) =>
      `cvc-attribute.3: The value '${value}' of attribute '${name}' on element '${tag}' is not valid with respect to its type, '${xsdType}'`;
    if (name === 'id' && !NCNAME.test(value)) {
      problems.push(`cvc-datatype-valid.1.2.1: '${value}' is not a valid value for 'NCName'; ${invalid('ID')}`);
      continue;
    }
    const lexical = LEXICAL[property.type];
    if (lexical && !lexical.pattern.test(value)) problems.push(invalid(lexical.xsdType));
    const literals = enumerations.get(property.type);
    if (literals && !literals.includes(value.trim())) {
      problems.push(`cvc-enumeration-valid: Value '${value}' is not facet-valid with respect to enumeration '[${literals.join(', ')}]'; ${invalid(`t${property.type.slice(property.type.indexOf(':') + 1)}`)}`);
    }
  }
  return problems;
}
