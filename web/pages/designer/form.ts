import { FormEditor } from '@bpmn-io/form-js';
import styles from 'stylesheet:./form-editor.css';
import { addStylesheet } from '../shared/stylesheet.js';

// before the diagram editor's (bpmn.ts): form-js carries its own copy of the properties panel's
// styles, and the panel's own stylesheet stays the one that wins, as when both came in one file
addStylesheet(styles, 1);

export interface FormDesigner {
  open(json: string): Promise<void>;
  json(): string;
}

/**
 * form-js's editor for the forms the user tasks link to (forms/<id>.form). The schema is saved as
 * the editor exports it; the server's lint (domain/forms) says what the inbox can render. The
 * bpmn.io watermark stays (form-js licence). The page imports this module when it first opens a
 * form, so the page itself loads without form-js.
 */
export function createFormDesigner(container: HTMLElement, onChange: () => void): FormDesigner {
  const editor = new FormEditor({ container, exporter: { name: 'Service Hall', version: '0.1.0' } });
  let importing = false;
  editor.on('changed', () => {
    if (!importing) onChange();
  });
  return {
    async open(json) {
      importing = true;
      try {
        await editor.importSchema(JSON.parse(json) as object);
      } finally {
        importing = false;
      }
    },
    json: () => `${JSON.stringify(editor.saveSchema(), null, 2)}\n`,
  };
}
