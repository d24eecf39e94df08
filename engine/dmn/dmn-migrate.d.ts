// @bpmn-io/dmn-migrate 0.7 ships no type declarations; the function the engine converts DMN 1.1 and 1.2 with is declared here.
declare module '@bpmn-io/dmn-migrate' {
  /** DMN 1.1 or 1.2 XML as DMN 1.3; any other text, and a 1.1 document it cannot read, unchanged. */
  export function migrateDiagram(xml: string): Promise<string>;
}
