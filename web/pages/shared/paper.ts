import { el } from './api.js';

/** The paper a receipt prints on: an A4 sheet, or the 80 mm roll of a receipt printer. */
export type Paper = 'a4' | 'roll';

const PAGE_RULES: Record<Paper, string> = {
  a4: '@page { size: A4; margin: 18mm 16mm; }',
  roll: '@page { size: 80mm auto; margin: 3mm; }',
};

/** @page cannot follow a class: the chosen paper size goes into one style element of the document's head. */
export function usePaper(paper: Paper): void {
  let rule = document.getElementById('receipt-page-size');
  if (!rule) {
    rule = el('style', { id: 'receipt-page-size' });
    document.head.append(rule);
  }
  rule.textContent = PAGE_RULES[paper];
}
