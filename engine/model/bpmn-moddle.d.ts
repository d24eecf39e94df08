// bpmn-moddle 10 ships types only for its meta-model ('bpmn-moddle/types'), not for the package
// entry point, so the part of the API the compiler uses is declared here.
declare module 'bpmn-moddle' {
  export interface ModdleWarning {
    message: string;
    element?: { $type: string; id?: string };
    property?: string;
    value?: unknown;
    error?: Error;
  }

  export interface ModdleParseResult {
    rootElement: unknown;
    warnings: ModdleWarning[];
  }

  /** Rejected parses carry the warnings collected up to the fatal error. */
  export interface ModdleParseError extends Error {
    warnings?: ModdleWarning[];
  }

  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string): Promise<ModdleParseResult>;
  }
}
