// dmn-moddle 12 ships no type declarations; the part of its API the engine reads DMN with is declared here.
declare module 'dmn-moddle' {
  export interface DmnModdleWarning {
    message: string;
    element?: { $type: string; id?: string };
  }

  export interface DmnModdleParseResult {
    rootElement: unknown;
    warnings: DmnModdleWarning[];
  }

  export class DmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<DmnModdleParseResult>;
  }
}
