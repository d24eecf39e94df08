// saxen (moddle-xml's XML parser) ships no types; the part the XSD shape check and the form body pass use is declared here.
declare module 'saxen' {
  export interface ParseContext {
    /** 0-based */
    line: number;
    column: number;
  }

  export class Parser {
    constructor(options?: { proxy?: boolean });
    /** normalizes element and attribute prefixes of the given namespaces (uri → prefix) */
    ns(prefixes?: Record<string, string>): void;
    on(
      event: 'openTag',
      handler: (name: string, attrs: () => Record<string, string>, decode: (text: string) => string, selfClosing: boolean, context: () => ParseContext) => void,
    ): this;
    /** selfClosing: the close belongs to a `<x/>` whose openTag was just reported */
    on(event: 'closeTag', handler: (name: string, decode: (text: string) => string, selfClosing: boolean, context: () => ParseContext) => void): this;
    on(event: 'error', handler: (error: Error, context: () => ParseContext) => void): this;
    parse(xml: string): this;
  }
}
