/**
 * Formatting shared by the staff pages: instants in China time (the hall's clock, whatever the
 * browser's zone), due-date countdowns, the due status and candidate groups in Chinese.
 * (public-format.ts writes instants the same way for the public pages, with '—' for none.)
 */

import { departmentName, windowLocation } from './departments.js';

const CHINA = 'Asia/Shanghai';

const dateTime = new Intl.DateTimeFormat('zh-CN', { timeZone: CHINA, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
const dateOnly = new Intl.DateTimeFormat('zh-CN', { timeZone: CHINA, year: 'numeric', month: '2-digit', day: '2-digit' });

/** 2026-03-02 09:00 (China time); empty text for none */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = Object.fromEntries(dateTime.formatToParts(d).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour === '24' ? '00' : parts.hour}:${parts.minute}`;
}

/** 2026-03-02 (China time) */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = Object.fromEntries(dateOnly.formatToParts(d).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

export type DueStatus = 'normal' | 'yellow' | 'red';

export const DUE_STATUS_LABELS: Record<DueStatus, string> = { normal: '正常', yellow: '临期预警', red: '已超期' };

let serverOffsetMs = 0;

/** The server's clock as last heard (the inbox feed's `ready` event): countdowns follow the hall's time, not a skewed browser clock. */
export function setServerTime(iso: string): void {
  const at = Date.parse(iso);
  if (!Number.isNaN(at)) serverOffsetMs = at - Date.now();
}

export function serverNow(): number {
  return Date.now() + serverOffsetMs;
}

/**
 * Calendar time left until a deadline, or past it: 「剩余 2天3小时」, 「已超期 5小时」. The status
 * (which counts working days) comes from the server; this is the plain countdown beside it.
 */
export function countdown(dueAt: string | null, now: number = serverNow()): string {
  if (!dueAt) return '无时限';
  const ms = new Date(dueAt).getTime() - now;
  const abs = Math.abs(ms);
  const days = Math.floor(abs / 86_400_000);
  const hours = Math.floor((abs % 86_400_000) / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  const span = days > 0 ? `${days}天${hours}小时` : hours > 0 ? `${hours}小时${minutes}分` : `${minutes}分钟`;
  return ms >= 0 ? `剩余 ${span}` : `已超期 ${span}`;
}

const GROUP_PREFIXES: Record<string, string> = { window: '受理窗口', lead: '牵头窗口', head: '窗口负责人', review: '审核岗' };
const SECTION_GROUPS: Record<string, string> = { supervision: '业务督查科', 'complaint-office': '投诉处', committee: '管委会' };

/** window:MZ → 「县民政局受理窗口（一楼 B区 9号窗口）」; review:ZJ → 「县住房和城乡建设局审核岗」 */
export function groupLabel(group: string): string {
  if (SECTION_GROUPS[group]) return SECTION_GROUPS[group];
  const [prefix, dept] = group.split(':', 2);
  if (!dept || !GROUP_PREFIXES[prefix]) return '其他岗位';
  const where = prefix === 'window' || prefix === 'lead' ? windowLocation(dept) : '';
  return `${departmentName(dept)}${GROUP_PREFIXES[prefix]}${where ? `（${where}）` : ''}`;
}

export const CASE_TYPE_LABELS: Record<string, string> = { immediate: '即办件', promised: '承诺件', joint: '联办件', reported: '上报件', controlled: '控制事项' };

export const CASE_STATUS_LABELS: Record<string, string> = {
  registered: '已登记',
  accepted: '已受理',
  supplementing: '补正中',
  refused: '不予受理',
  in_review: '审查中',
  withdrawn: '视为撤回',
  completed: '已办结',
  rejected: '不予许可',
};
