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

  /** A property of a moddle type: an attribute (isAttr), a child element or a reference. */
  export interface ModdlePropertyDescriptor {
    name: string;
    /** 'Boolean', 'Integer', 'String', ... or a qualified type such as 'bpmn:FlowElement' */
    type: string;
    isAttr?: boolean;
    isReference?: boolean;
    isVirtual?: boolean;
    isMany?: boolean;
  }

  /** A type with everything it inherits; properties in declaration order, supertypes first. */
  export interface ModdleDescriptor {
    name: string;
    properties: ModdlePropertyDescriptor[];
    propertiesByName: Record<string, ModdlePropertyDescriptor | undefined>;
    allTypesByName: Record<string, unknown>;
  }

  export interface ModdlePackage {
    enumerations?: Array<{ name: string; literalValues: Array<{ name: string }> }>;
  }

  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string): Promise<ModdleParseResult>;
    getPackage(prefix: string): ModdlePackage;
    registry: {
      typeMap: Record<string, unknown>;
      getEffectiveDescriptor(type: string): ModdleDescriptor;
    };
  }
}
