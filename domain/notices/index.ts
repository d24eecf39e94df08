/** Written notices to applicants and complainants: printable HTML and plain text from one description. */
export { renderNotice, noticeKindInfo } from './render.js';
export { readNoticeConfig, type NoticeConfig } from './config.js';
export { escapeHtml } from './document.js';
export { chinaDate, chinaDateTime, yuan } from './format.js';
export * from './types.js';
