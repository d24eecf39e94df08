import { el } from './api.js';
import './notice-print.css';

/**
 * A notice laid out as the A4 page it was issued as, with a print button: the stored HTML
 * (escaped once, when rendered; domain/notices) is parsed inert and its style and article are
 * put into a shadow root, so the notice's 公文 styles and the page's own never meet. While it is
 * shown it takes the page's place, so printing prints the notice alone (notice-print.css).
 */

export interface NoticeDocument {
  number: string;
  kind: string;
  title: string;
  issuedAt: string;
  caseNumber: string | null;
  complaintNumber: string | null;
  html: string;
}

/**
 * Below an A4 sheet's width (an applicant's phone) the sheet gives up its paper size and margins
 * so the text wraps to the screen; printing and wider screens keep the notice's own layout. Added
 * here rather than in the stored notice, so notices issued before read the same way.
 */
const NARROW_SCREEN = '@media screen and (max-width: 820px) { .notice { width: auto; min-height: 0; margin: 0; padding: 6mm 5mm; } }';

/** The notice's own CSS styles `body`; inside a shadow root its host plays that part. */
const hostStyles = (css: string) => css.replace(/\bbody\b/g, ':host');

function paper(doc: NoticeDocument): HTMLElement {
  const parsed = new DOMParser().parseFromString(doc.html, 'text/html');
  const host = el('div', { class: 'notice-paper', role: 'document', 'aria-label': `${doc.title}（${doc.number}）` });
  const root = host.attachShadow({ mode: 'open' });
  for (const style of parsed.querySelectorAll('style')) root.append(el('style', {}, hostStyles(style.textContent ?? '')));
  root.append(el('style', {}, NARROW_SCREEN));
  root.append(...Array.from(parsed.body.childNodes).map((n) => document.importNode(n, true)));
  return host;
}

/**
 * Shows the notice in the page's place until closed (`onClose` given: a 返回 button, or Escape)
 * or for good (a page of its own). Returns the element shown.
 */
export function showNotice(doc: NoticeDocument, onClose?: () => void): HTMLElement {
  const print = el('button', { type: 'button', class: 'notice-print-button' }, '打印');
  print.addEventListener('click', () => window.print());
  const toolbar = el('div', { class: 'notice-print-toolbar', role: 'toolbar', 'aria-label': '文书操作' }, el('span', { class: 'notice-print-title' }, `${doc.title} ${doc.number}`), print);
  const view = el('div', { class: 'notice-print', role: 'dialog', 'aria-label': doc.title }, toolbar, paper(doc));
  const close = () => {
    view.remove();
    document.body.classList.remove('notice-printing');
    document.removeEventListener('keydown', onKey);
    onClose?.();
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') close();
  };
  if (onClose) {
    const back = el('button', { type: 'button', class: 'notice-print-close' }, '返回');
    back.addEventListener('click', close);
    toolbar.append(back);
    document.addEventListener('keydown', onKey);
  }
  document.body.classList.add('notice-printing');
  document.body.append(view);
  window.scrollTo(0, 0);
  print.focus();
  return view;
}
