// bpmn-auto-layout ships no types.
declare module 'bpmn-auto-layout' {
  /** Returns the diagram with freshly generated DI; existing DI is discarded. */
  export function layoutProcess(xml: string): Promise<string>;
}
