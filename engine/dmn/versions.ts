/**
 * The DMN versions Camunda 8.8 deploys. Zeebe reads DMN with dmn-scala on camunda-dmn-model 7.24,
 * which takes the DMN 1.1, 1.2, 1.4 and 1.5 namespaces as alternatives of DMN 1.3 (one model);
 * dmn-moddle reads DMN 1.3 alone, so an older or newer document is turned into DMN 1.3 before it is
 * read. The deployed resource stays as it was sent: the engine keeps and answers the original XML.
 */
export type DmnVersion = '1.1' | '1.2' | '1.3' | '1.4' | '1.5';

const DMN13_MODEL = 'https://www.omg.org/spec/DMN/20191111/MODEL/';
const DMN13_DMNDI = 'https://www.omg.org/spec/DMN/20191111/DMNDI/';

interface Namespaces {
  version: DmnVersion;
  model: string;
  /** the diagram interchange namespace of this version, when it has its own */
  dmndi?: string;
}

const NAMESPACES: readonly Namespaces[] = [
  { version: '1.1', model: 'http://www.omg.org/spec/DMN/20151101/dmn.xsd' },
  { version: '1.2', model: 'http://www.omg.org/spec/DMN/20180521/MODEL/', dmndi: 'http://www.omg.org/spec/DMN/20180521/DMNDI/' },
  { version: '1.3', model: DMN13_MODEL },
  // DMN 1.4 kept the DMNDI 1.3 namespace
  { version: '1.4', model: 'https://www.omg.org/spec/DMN/20211108/MODEL/' },
  { version: '1.5', model: 'https://www.omg.org/spec/DMN/20230324/MODEL/', dmndi: 'https://www.omg.org/spec/DMN/20230324/DMNDI/' },
];

export const READ_VERSIONS = NAMESPACES.map((n) => n.version).join(', ');

export type DmnDocument = { version: DmnVersion; dmn13: string } | { version: undefined; namespace: string | undefined };

/** The namespace of the document's root element, from its start tag. */
function rootNamespace(xml: string): string | undefined {
  const withoutComments = xml.replace(/<!--[\s\S]*?-->/g, '');
  const root = /<(?![?!])([A-Za-z_][\w.-]*:)?[A-Za-z_][\w.-]*((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/.exec(withoutComments);
  if (!root) return undefined;
  const prefix = root[1] ? `:${root[1].slice(0, -1)}` : '';
  const declaration = new RegExp(`\\sxmlns${prefix.replace(/[.]/g, '\\.')}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(root[2]);
  return declaration ? (declaration[1] ?? declaration[2]) : undefined;
}

/** Every declaration of `from` (either quote) now declares `to`. */
function redeclare(xml: string, from: string, to: string): string {
  const quoted = from.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return xml.replace(new RegExp(`(["'])${quoted}\\1`, 'g'), `$1${to}$1`);
}

/**
 * The document as DMN 1.3, with the version it was written in; undefined for a namespace that is
 * no DMN version Camunda reads. DMN 1.1 and 1.2 go through bpmn.io's dmn-migrate (1.1 also gets
 * its missing ids and names and its Camunda Modeler layout as DMNDI); 1.4 and 1.5 differ from 1.3
 * only in elements Camunda does not evaluate, so renaming their namespaces is enough.
 */
export async function asDmn13(xml: string): Promise<DmnDocument> {
  const namespace = rootNamespace(xml);
  const found = NAMESPACES.find((n) => n.model === namespace);
  if (!found) return { version: undefined, namespace };
  if (found.version === '1.3') return { version: '1.3', dmn13: xml };
  let dmn13 = xml;
  if (found.version === '1.1' || found.version === '1.2') {
    // loaded on the first old document only: most engines never read one
    const { migrateDiagram } = await import('@bpmn-io/dmn-migrate');
    dmn13 = await migrateDiagram(xml);
  }
  // dmn-migrate hands back what it could not read unchanged; renamed, dmn-moddle says what is wrong with it
  if (rootNamespace(dmn13) !== DMN13_MODEL) dmn13 = redeclare(dmn13, found.model, DMN13_MODEL);
  if (found.dmndi) dmn13 = redeclare(dmn13, found.dmndi, DMN13_DMNDI);
  return { version: found.version, dmn13 };
}
