import { api } from './api.js';

/**
 * The departments' names and window locations, so pages show 「县民政局」 and
 * 「一楼 B区 9号窗口」 where the API gives a department code. Read once per browser session from
 * the public service guide (the catalogue's departments) and kept in sessionStorage; a page
 * awaits `loadDepartments()` before it renders, then looks names up synchronously.
 */

interface Department {
  code: string;
  name: string;
  location: string;
}

const CENTER: Department = { code: 'ZWFW', name: '县政务服务中心', location: '' };
const CACHE_KEY = 'sh-departments';

let known = new Map<string, Department>([[CENTER.code, CENTER]]);

function remember(list: Department[]): void {
  known = new Map([[CENTER.code, CENTER], ...list.map((d): [string, Department] => [d.code, d])]);
}

export async function loadDepartments(): Promise<void> {
  const cached = sessionStorage.getItem(CACHE_KEY);
  if (cached) {
    remember(JSON.parse(cached) as Department[]);
    return;
  }
  try {
    // a department with no items keeps the answer to the department list
    const guide = await api.get<{ departments: Department[] }>(`/api/public/guide?department=${CENTER.code}`);
    remember(guide.departments);
    sessionStorage.setItem(CACHE_KEY, JSON.stringify(guide.departments));
  } catch {
    // names fall back to 「未知部门」 until the next page load
  }
}

/** 县民政局; an unknown code as 「未知部门」, never the code */
export function departmentName(code: string | null | undefined): string {
  if (!code) return '—';
  return known.get(code)?.name ?? '未知部门';
}

/** 一楼 B区 9号窗口, or '' when the catalogue gives none */
export function windowLocation(code: string | null | undefined): string {
  return (code && known.get(code)?.location) || '';
}

/** The catalogue's departments (not the center itself), for a choice of department. */
export function catalogueDepartments(): Array<{ code: string; name: string }> {
  return [...known.values()].filter((d) => d.code !== CENTER.code).map(({ code, name }) => ({ code, name }));
}
