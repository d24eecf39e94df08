import { el } from './api.js';
import './public.css';

/** The header every public page shares: the three public pages and the staff log-in. */

export type PublicPage = 'guide' | 'lookup' | 'complaint';

const LINKS: ReadonlyArray<{ page: PublicPage; href: string; label: string }> = [
  { page: 'guide', href: '/guide', label: '办事指南' },
  { page: 'lookup', href: '/lookup', label: '办件查询' },
  { page: 'complaint', href: '/complaint', label: '网上投诉' },
];

export function mountPublicLayout(active: PublicPage): HTMLElement {
  const nav = el('nav', { class: 'pub-nav', 'aria-label': '公众服务' });
  for (const link of LINKS) {
    const a = el('a', { href: link.href }, link.label);
    if (link.page === active) a.setAttribute('aria-current', 'page');
    nav.append(a);
  }
  const header = el(
    'header',
    { class: 'pub-header' },
    el('div', { class: 'pub-header-inner' }, el('a', { class: 'pub-brand', href: '/guide' }, '县政务服务中心'), nav, el('a', { class: 'pub-staff', href: '/login' }, '工作人员登录')),
  );
  const main = el('main', { class: 'pub-main', id: 'main' });
  const footer = el('footer', { class: 'pub-footer' }, '县政务服务中心 · 办事指南依据已公布的事项目录（五公开） · 查询码请妥善保管，勿告诉他人');
  document.body.replaceChildren(header, main, footer);
  return main;
}

/** A message box; role=alert for errors so a screen reader reads it at once. */
export function notice(kind: 'error' | 'info' | 'success', text: string): HTMLElement {
  return el('div', { class: `pub-notice pub-notice-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}
