// @bpmn-io/element-templates-validator (what bpmn-js-element-templates validates with) ships no types.
declare module '@bpmn-io/element-templates-validator' {
  export function validateAllZeebe(templates: unknown[]): { valid: boolean; errors?: unknown[]; results: Array<{ valid: boolean; errors?: unknown[] }> };
}
