/**
 * Typed access to bpmn-moddle's object tree. Moddle elements carry their BPMN properties as
 * untyped fields, so every read goes through these narrowing helpers instead of casts.
 */

export interface ModdleElement {
  readonly $type: string;
  $instanceOf(type: string): boolean;
  readonly [property: string]: unknown;
}

export function isModdleElement(value: unknown): value is ModdleElement {
  return typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string';
}

export function str(element: ModdleElement, property: string): string | undefined {
  const value = element[property];
  return typeof value === 'string' ? value : undefined;
}

export function bool(element: ModdleElement, property: string): boolean | undefined {
  const value = element[property];
  return typeof value === 'boolean' ? value : undefined;
}

export function ref(element: ModdleElement, property: string): ModdleElement | undefined {
  const value = element[property];
  return isModdleElement(value) ? value : undefined;
}

export function list(element: ModdleElement, property: string): ModdleElement[] {
  const value = element[property];
  return Array.isArray(value) ? value.filter(isModdleElement) : [];
}

/** The text of a bpmn:FormalExpression child such as conditionExpression or timeDuration. */
export function expressionBody(element: ModdleElement, property: string): string | undefined {
  const expression = ref(element, property);
  return expression ? (str(expression, 'body') ?? '') : undefined;
}

export function idOf(element: ModdleElement): string {
  return str(element, 'id') ?? '';
}
