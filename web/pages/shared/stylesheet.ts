/**
 * Puts the stylesheet a lazily loaded part of a page brought in its chunk (`import css from
 * 'stylesheet:./x.css'`, scripts/stylesheet-import.ts) into the page, ahead of the page's own
 * stylesheet, so the page's rules still win over a library's as when they came in one file.
 * Several such stylesheets stand in the order of their `rank`, whichever part loads first.
 */
export function addStylesheet(css: string, rank: number): void {
  const style = document.createElement('style');
  style.dataset.rank = String(rank);
  style.textContent = css;
  const later = [...document.head.querySelectorAll<HTMLStyleElement>('style[data-rank]')].find((s) => Number(s.dataset.rank) > rank);
  document.head.insertBefore(style, later ?? document.head.querySelector('link[rel="stylesheet"]'));
}
