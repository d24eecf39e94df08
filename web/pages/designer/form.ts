import { FormEditor } from '@bpmn-io/form-js';

export interface FormDesigner {
  open(json: string): Promise<void>;
  json(): string;
}

/**
 * form-js's editor for the forms the user tasks link to (forms/<id>.form). The schema is saved as
 * the editor exports it; the server's lint (domain/forms) says what the inbox can render. The
 * bpmn.io watermark stays (form-js licence).
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
