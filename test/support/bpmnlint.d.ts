// bpmnlint ships JSDoc types (lib/types.d.ts) but declares no entry points.
declare module 'bpmnlint' {
  export interface LintConfig {
    extends?: string | string[];
    rules?: Record<string, unknown>;
  }

  export interface LintReport {
    id?: string;
    message: string;
    category: 'error' | 'warn' | 'info' | 'off' | 'rule-error';
  }

  export class Linter {
    constructor(options: { config?: LintConfig; resolver: unknown });
    /** reports by rule name */
    lint(definitions: unknown): Promise<Record<string, LintReport[]>>;
  }
}

declare module 'bpmnlint/lib/resolver/node-resolver.js' {
  export default class NodeResolver {
    constructor(options?: { require?: NodeJS.Require; requireLocal?: NodeJS.Require });
  }
}
