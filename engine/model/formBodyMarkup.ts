/**
 * Markup inside a zeebe:userTaskForm body. The body is form JSON as element text, and generators
 * such as Tasklist's data generator write HTML in it unescaped (a markdown text component's
 * `<br />`), so the XML holds child elements there. Zeebe reads the body with the model API's
 * getTextContent(), the DOM's text content with the tags dropped, and checks nothing inside it;
 * moddle reports each such child as an "unrecognized element" (and keeps the text around it as the
 * body). This pass finds where those children start, so that parseXml leaves their warnings out.
 * The body moddle keeps is the form's own text nodes; Zeebe's also has the text inside the children.
 * The engine only checks that the body is not empty, so the two differ only for a body whose text is
 * all inside child elements, which is refused here as empty.
 */
import { Parser } from 'saxen';

const ZEEBE_URI = 'http://camunda.org/schema/zeebe/1.0';

/** A position as moddle's warnings give it: saxen's 0-based line and column of the start tag. */
export const positionKey = (line: number, column: number) => `${line}:${column}`;

export function formBodyMarkup(xml: string): Set<string> {
  const starts = new Set<string>();
  // elements open inside a form body, the zeebe:userTaskForm itself included; 0 outside
  let depth = 0;
  const parser = new Parser();
  parser.ns({ [ZEEBE_URI]: 'zeebe' });
  parser.on('error', () => {
    // malformed XML is moddle's to report; what was found up to here still stands
  });
  // saxen reports a self-closing element's closeTag too, so every open is matched by a close
  parser.on('openTag', (tag, _attrs, _decode, _selfClosing, getContext) => {
    if (depth > 0) {
      const { line, column } = getContext();
      starts.add(positionKey(line, column));
      depth++;
    } else if (tag === 'zeebe:userTaskForm') {
      depth = 1;
    }
  });
  parser.on('closeTag', () => {
    if (depth > 0) depth--;
  });
  parser.parse(xml);
  return starts;
}
