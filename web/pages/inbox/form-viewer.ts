import { escapeHTML, FeelersTemplating, Form } from '@bpmn-io/form-js';
import styles from 'stylesheet:./form-viewer.css';
import { addStylesheet } from '../shared/stylesheet.js';
import { translateFormUi, translateMessage } from './form-support.js';

/**
 * form-js's viewer as the hall shows its forms (the inbox's task forms, 网上申报, 投诉): a page
 * imports this module through loadFormViewer (form-loader.ts) when it first shows a form, so the
 * page itself loads without form-js (docs/decisions/0014).
 */
addStylesheet(styles, 1);

/** Template values go into a text block's markdown escaped: shown as typed, never read as HTML. */
class EscapingTemplating extends FeelersTemplating {
  override evaluate(template: string, context: Record<string, unknown> = {}, options: Record<string, unknown> = {}): string {
    return super.evaluate(template, context, { sanitizer: escapeHTML, ...options });
  }
}

class ChineseValidation {
  static $inject = ['validator'];
  constructor(validator: { validateFieldInstance: (...args: unknown[]) => string[] }) {
    const original = validator.validateFieldInstance.bind(validator);
    validator.validateFieldInstance = (...args: unknown[]) => original(...args).map(translateMessage);
  }
}

const hallFormModule = {
  __init__: ['chineseValidation'],
  chineseValidation: ['type', ChineseValidation],
  templating: ['type', EscapingTemplating],
};

/** A viewer in `container` with the hall's module, its English words kept out of the page by the observer returned. */
export function createHallForm(container: HTMLElement, properties: { readOnly?: boolean } = {}): { form: Form; observer: MutationObserver } {
  const form = new Form({ container, additionalModules: [hallFormModule], properties });
  return { form, observer: translateFormUi(container) };
}
