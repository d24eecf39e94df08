/**
 * The Chinese names the designer lists resources by, read from their text without parsing the
 * whole model: a diagram's process name, a form's first heading, a decision file's graph name.
 * Used at build time for the project's files (scripts/designer-build.ts) and by the API for what
 * only the store holds.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (text: string) => text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ENTITIES[name]);

/** The name of the process `id` in a BPMN diagram, if it has one. */
export function processName(xml: string, id: string): string | undefined {
  const found = new RegExp(`<bpmn:process\\b[^>]*\\bid="${id}"[^>]*\\bname="([^"]*)"`).exec(xml)?.[1];
  return found === undefined ? undefined : unescapeXml(found);
}

/** A form's title: the text of its first text component's first heading. */
export function formTitle(form: { components?: Array<{ type?: string; text?: string }> }): string | undefined {
  return form.components?.find((c) => c.type === 'text' && typeof c.text === 'string')?.text?.match(/^#+\s*(.+)$/m)?.[1]?.trim();
}

/** The name of a DMN file's decision requirements graph (its dmn:definitions), if it has one. */
export function decisionsName(xml: string): string | undefined {
  const found = /<(?:[\w-]+:)?definitions\b[^>]*\sname="([^"]*)"/.exec(xml)?.[1];
  return found === undefined ? undefined : unescapeXml(found);
}
