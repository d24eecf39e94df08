/**
 * The parts of the BPMN 2.0 XSD (Semantic.xsd, BPMN20.xsd) that bpmn-moddle's descriptors do not
 * carry: attributes with use="required", child elements with minOccurs="1" and the two xsd:choice
 * groups. Zeebe validates every deployment against that schema, so a diagram missing one of these
 * (a sequenceFlow without targetRef, an assignment without from, a timer with both timeDate and
 * timeCycle) fails there before any of Zeebe's own rules run. Keyed by moddle type; a key also
 * covers its subtypes (bpmn:DataAssociation covers dataInputAssociation and dataOutputAssociation).
 * Choreography and conversation content models are left out apart from their required attributes:
 * Zeebe deploys no choreography.
 */
import type { ModdleDescriptor } from 'bpmn-moddle';

/** Attributes the XSD marks use="required" (tDefinitions' targetNamespace is checked on the root alone). */
const REQUIRED_ATTRIBUTES: Record<string, string[]> = {
  'bpmn:Import': ['namespace', 'location', 'importType'],
  'bpmn:Association': ['sourceRef', 'targetRef'],
  'bpmn:BoundaryEvent': ['attachedToRef'],
  'bpmn:ChoreographyActivity': ['initiatingParticipantRef'],
  'bpmn:ConversationAssociation': ['innerConversationNodeRef', 'outerConversationNodeRef'],
  'bpmn:ConversationLink': ['sourceRef', 'targetRef'],
  'bpmn:CorrelationPropertyBinding': ['correlationPropertyRef'],
  'bpmn:CorrelationPropertyRetrievalExpression': ['messageRef'],
  'bpmn:CorrelationSubscription': ['correlationKeyRef'],
  'bpmn:Interface': ['name'],
  'bpmn:InputOutputBinding': ['operationRef', 'inputDataRef', 'outputDataRef'],
  'bpmn:LinkEventDefinition': ['name'],
  'bpmn:MessageFlow': ['sourceRef', 'targetRef'],
  'bpmn:MessageFlowAssociation': ['innerMessageFlowRef', 'outerMessageFlowRef'],
  'bpmn:Operation': ['name'],
  'bpmn:Relationship': ['type'],
  'bpmn:Resource': ['name'],
  'bpmn:ResourceParameterBinding': ['parameterRef'],
  'bpmn:SequenceFlow': ['sourceRef', 'targetRef'],
};

/** One entry of a type's own xsd:sequence: the local names that fill it (a substitution group's members) and its minOccurs. */
interface Particle {
  names: string[];
  min: number;
}

const one = (...names: string[]): Particle => ({ names, min: 1 });
const optional = (...names: string[]): Particle => ({ names, min: 0 });
const EXPRESSION = ['expression', 'formalExpression'];

/** The sequences that hold a required child, every entry listed so that a child after a missing one is recognised. */
const SEQUENCES: Record<string, Particle[]> = {
  'bpmn:Assignment': [one('from'), one('to')],
  'bpmn:ComplexBehaviorDefinition': [one('condition'), optional('event')],
  'bpmn:ConditionalEventDefinition': [one('condition')],
  'bpmn:CorrelationProperty': [one('correlationPropertyRetrievalExpression')],
  'bpmn:CorrelationPropertyBinding': [one('dataPath')],
  'bpmn:CorrelationPropertyRetrievalExpression': [one('messagePath')],
  'bpmn:DataAssociation': [optional('sourceRef'), one('targetRef'), optional('transformation'), optional('assignment')],
  'bpmn:InputOutputSpecification': [optional('dataInput'), optional('dataOutput'), one('inputSet'), one('outputSet')],
  'bpmn:Interface': [one('operation')],
  'bpmn:Operation': [one('inMessageRef'), optional('outMessageRef'), optional('errorRef')],
  'bpmn:ParticipantAssociation': [one('innerParticipantRef'), one('outerParticipantRef')],
  'bpmn:Relationship': [one('source'), one('target')],
  'bpmn:ResourceAssignmentExpression': [one(...EXPRESSION)],
  'bpmn:ResourceParameterBinding': [one(...EXPRESSION)],
};

/** An xsd:choice: the children of one branch exclude those of the others; `repeatable` may occur more than once. */
interface Choice {
  branches: string[][];
  repeatable: string[];
}

const CHOICES: Record<string, Choice> = {
  'bpmn:TimerEventDefinition': { branches: [['timeDate'], ['timeDuration'], ['timeCycle']], repeatable: [] },
  'bpmn:ResourceRole': {
    branches: [['resourceRef', 'resourceParameterBinding'], ['resourceAssignmentExpression']],
    repeatable: ['resourceParameterBinding'],
  },
};

const tableEntry = <T>(table: Record<string, T>, descriptor: ModdleDescriptor): T | undefined =>
  Object.entries(table).find(([type]) => descriptor.allTypesByName[type] !== undefined)?.[1];

const localName = (tag: string) => tag.slice(tag.indexOf(':') + 1);

export function missingRequiredAttributes(attrs: Record<string, string>, descriptor: ModdleDescriptor): string[] {
  return (tableEntry(REQUIRED_ATTRIBUTES, descriptor) ?? []).filter((name) => attrs[name] === undefined);
}

interface SeenChild {
  tag: string;
  line: number;
}

/**
 * Follows the children of one element whose XSD content has a required child or a choice, and
 * phrases what Xerces would refuse: the child that breaks the choice, or the required child missing
 * once the element is closed. Like Xerces it names only the first fault per element.
 */
export class ContentCheck {
  private readonly seen: SeenChild[] = [];
  private chosen: { branch: string[]; first: string } | undefined;
  private faulted = false;

  private constructor(
    private readonly tag: string,
    private readonly sequence: Particle[],
    private readonly choice: Choice | undefined,
  ) {}

  static for(tag: string, descriptor: ModdleDescriptor): ContentCheck | undefined {
    const sequence = tableEntry(SEQUENCES, descriptor);
    const choice = tableEntry(CHOICES, descriptor);
    return sequence || choice ? new ContentCheck(tag, sequence ?? [], choice) : undefined;
  }

  /** The problem the child `tag` starting on `line` makes, if any; `line` is kept for a required child missing before it. */
  child(tag: string, line: number): string | undefined {
    this.seen.push({ tag, line });
    const fault = this.faulted ? undefined : this.choiceFault(tag);
    if (fault) this.faulted = true;
    return fault;
  }

  /** The problem left when the element closes: a required child that never came. */
  close(line: number): { message: string; line: number } | undefined {
    if (this.faulted) return undefined;
    const positionOf = (tag: string) => this.sequence.findIndex((particle) => particle.names.includes(localName(tag)));
    const missingAt = this.sequence.findIndex(
      (particle) => particle.min > 0 && !this.seen.some((child) => particle.names.includes(localName(child.tag))),
    );
    if (missingAt < 0) return undefined;
    const wanted = (this.sequence[missingAt]?.names ?? []).map((name) => `'bpmn:${name}'`).join(' or ');
    const later = this.seen.find((child) => positionOf(child.tag) > missingAt);
    if (later) {
      return {
        message: `cvc-complex-type.2.4.a: Invalid content was found starting with element '${later.tag}': in ${this.tag} ${wanted} must come before it`,
        line: later.line,
      };
    }
    return { message: `cvc-complex-type.2.4.b: The content of element '${this.tag}' is not complete: it needs ${wanted}`, line };
  }

  private choiceFault(tag: string): string | undefined {
    if (!this.choice) return undefined;
    const name = localName(tag);
    const branch = this.choice.branches.find((names) => names.includes(name));
    if (!branch) return undefined;
    if (!this.chosen) {
      this.chosen = { branch, first: tag };
      return undefined;
    }
    const repeated = this.seen.filter((child) => child.tag === tag).length > 1;
    if (branch === this.chosen.branch && (!repeated || this.choice.repeatable.includes(name))) return undefined;
    // after a branch whose last child may repeat, Xerces still expects that child (2.4.a); otherwise nothing (2.4.d)
    const stillOpen = this.chosen.branch.some((member) => this.choice?.repeatable.includes(member));
    const alternatives = this.choice.branches.map((names) => names.map((n) => `bpmn:${n}`).join(', ')).join(' | ');
    const code = stillOpen ? 'cvc-complex-type.2.4.a' : 'cvc-complex-type.2.4.d';
    return `${code}: Invalid content was found starting with element '${tag}': ${this.tag} already holds '${this.chosen.first}' and its xsd:choice allows only one of ${alternatives}`;
  }
}
