// bpmnlint's config compiler (what bpmnlint-pack-config runs): the .bpmnlintrc as an ES module
// that imports every enabled rule and exports { config, resolver } for the browser.
declare module 'bpmnlint/lib/support/compile-config.js' {
  export default function compileConfig(config: object, resolver?: unknown): Promise<string>;
}
