/**
 * The zeebe:* extension elements of one BPMN element. Readers `take` what they understand; any
 * Zeebe extension left over would silently be ignored, i.e. the model would run differently than
 * on Zeebe, so it is reported instead.
 */
import type { ModdleElement } from './moddle.js';
import { list, ref } from './moddle.js';
import type { Report } from './problems.js';

/** 'zeebe:TaskDefinition' -> 'zeebe:taskDefinition', the spelling users see in the XML. */
export function xmlName(type: string): string {
  const [prefix, local = ''] = type.split(':');
  return `${prefix}:${local.charAt(0).toLowerCase()}${local.slice(1)}`;
}

/** Extension elements Zeebe allows more than once on one element. */
const REPEATABLE = new Set(['zeebe:UserTaskForm']);

export class ZeebeExtensions {
  private readonly byType = new Map<string, ModdleElement[]>();
  private readonly taken = new Set<string>();

  constructor(owner: ModdleElement, private readonly report: Report) {
    const extensionElements = ref(owner, 'extensionElements');
    const values = extensionElements ? list(extensionElements, 'values') : [];
    for (const value of values.filter((v) => v.$type.startsWith('zeebe:'))) {
      this.byType.set(value.$type, [...(this.byType.get(value.$type) ?? []), value]);
    }
    for (const [type, found] of this.byType) {
      if (found.length > 1 && !REPEATABLE.has(type)) {
        report(`${xmlName(type)} may appear only once`);
      }
    }
  }

  take(type: string): ModdleElement | undefined {
    this.taken.add(type);
    return this.byType.get(type)?.[0];
  }

  takeAll(type: string): ModdleElement[] {
    this.taken.add(type);
    return this.byType.get(type) ?? [];
  }

  reportUnused(ownerType: string): void {
    for (const type of this.byType.keys()) {
      if (!this.taken.has(type)) {
        this.report(`${xmlName(type)} is not supported on ${ownerType} by the embedded engine`);
      }
    }
  }
}
