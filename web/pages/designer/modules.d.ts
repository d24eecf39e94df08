// The bpmn.io add-ons the designer page uses ship no type declarations: each is a diagram-js
// module (a plain object of services) handed to the Modeler as it is.

/** a diagram-js module: services by name, __init__, __depends__ */
type DiagramModule = { [name: string]: unknown };

declare module 'bpmn-js-properties-panel' {
  export const BpmnPropertiesPanelModule: DiagramModule;
  export const BpmnPropertiesProviderModule: DiagramModule;
  export const ZeebePropertiesProviderModule: DiagramModule;
  /** the help of the Zeebe groups and fields, by entry or group id (propertiesPanel.tooltip) */
  export const ZeebeTooltipProvider: { [id: string]: (element: unknown) => unknown };
}

declare module 'bpmn-js-element-templates' {
  export const CloudElementTemplatesPropertiesProviderModule: DiagramModule;
}

declare module '@bpmn-io/element-template-chooser' {
  const ElementTemplateChooserModule: DiagramModule;
  export default ElementTemplateChooserModule;
}

declare module 'camunda-bpmn-js-behaviors/lib/camunda-cloud/index.js' {
  const ZeebeBehaviorsModule: DiagramModule;
  export default ZeebeBehaviorsModule;
}

declare module 'bpmn-js-bpmnlint' {
  const LintModule: DiagramModule;
  export default LintModule;
}

/** The project's .bpmnlintrc packed for the browser at build time (scripts/designer-build.ts). */
declare module 'virtual:bpmnlint-config' {
  const packed: { config: object; resolver: object };
  export default packed;
}

/** processes/ and forms/ with their Chinese names, listed at build time (scripts/designer-build.ts). */
declare module 'virtual:designer-resources' {
  const resources: { processes: Array<{ id: string; name: string }>; forms: Array<{ id: string; name: string }> };
  export default resources;
}

/** dmn-js 17 ships no type declarations: the part of its Modeler the decision editor uses (dmn.ts). */
declare module 'dmn-js/lib/Modeler.js' {
  export default class DmnModeler {
    constructor(options: { container: HTMLElement; common?: object; drd?: object; decisionTable?: object; literalExpression?: object; boxedExpression?: object });
    importXML(xml: string): Promise<{ warnings: unknown[] }>;
    saveXML(options?: { format?: boolean }): Promise<{ xml: string }>;
    getViews(): unknown[];
    getActiveView(): unknown;
    getActiveViewer(): unknown;
    getDefinitions(): unknown;
    open(view: unknown): Promise<unknown>;
    on(event: string, callback: (event: unknown) => void): void;
  }
}
