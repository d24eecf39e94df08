/**
 * The DMN versions the engine deploys, as Camunda 8.8 does: 1.1 to 1.5 (ADR 0019). The designer
 * reads a decision file with dmn-moddle, which knows DMN 1.3 alone, so a file of another version is
 * read as DMN 1.3: 1.1 through bpmn.io's dmn-migrate (its elements differ), 1.2, 1.4 and 1.5 by their
 * namespaces, which is all the designer's checks (the graph's id, its decisions) need. The engine's
 * own reading is behind its SDK boundary; the saved file stays as the designer wrote it.
 */
const DMN13_MODEL = 'https://www.omg.org/spec/DMN/20191111/MODEL/';
const DMN13_DMNDI = 'https://www.omg.org/spec/DMN/20191111/DMNDI/';

const RENAMED: ReadonlyArray<{ model: string; dmndi?: string }> = [
  { model: 'http://www.omg.org/spec/DMN/20180521/MODEL/', dmndi: 'http://www.omg.org/spec/DMN/20180521/DMNDI/' },
  { model: 'https://www.omg.org/spec/DMN/20211108/MODEL/' },
  { model: 'https://www.omg.org/spec/DMN/20230324/MODEL/', dmndi: 'https://www.omg.org/spec/DMN/20230324/DMNDI/' },
];
const DMN11_MODEL = 'http://www.omg.org/spec/DMN/20151101/dmn.xsd';

export const DESIGNER_DMN_VERSIONS = 'DMN 1.1–1.5';

const declared = (content: string, namespace: string) => content.includes(`"${namespace}"`) || content.includes(`'${namespace}'`);

/** Every declaration of `from`, in either quote, now declares `to`. */
function redeclare(content: string, from: string, to: string): string {
  return content.replaceAll(`"${from}"`, `"${to}"`).replaceAll(`'${from}'`, `'${to}'`);
}

/** The file as dmn-moddle reads it: DMN 1.3, or unchanged when it declares no other version the engine deploys. */
export async function asDmn13(content: string): Promise<string> {
  if (declared(content, DMN13_MODEL)) return content;
  if (declared(content, DMN11_MODEL)) {
    // loaded on the first DMN 1.1 file only
    const { migrateDiagram } = await import('@bpmn-io/dmn-migrate');
    return migrateDiagram(content);
  }
  const version = RENAMED.find((v) => declared(content, v.model));
  if (!version) return content;
  const renamed = redeclare(content, version.model, DMN13_MODEL);
  return version.dmndi ? redeclare(renamed, version.dmndi, DMN13_DMNDI) : renamed;
}
