import type { Case, Notice, OutboxMessage } from '../../domain/store/index.js';
import type { Scenario } from './scenario.js';

/** Helpers for case scenarios: start a case diagram as the hall would, and read its records. */

export const PERSON = { name: '张明', kind: 'person', idNumber: '110101199003070011', phone: '13800138000' } as const;
export const ORGANISATION = { name: '县书法家协会', kind: 'organisation', creditCode: '51530000MJ0018001X', phone: '13900139000' } as const;

export interface StartedCase {
  key: string;
  caseNumber: string;
}

/** Starts a case diagram and waits until 办件登记 gave it a case number. */
export async function startCase(
  h: Scenario,
  processDefinitionId: string,
  input: { itemCode: string; materials: Array<{ code: string; provided: boolean }>; applicant?: object; channel?: 'window' | 'online' },
): Promise<StartedCase> {
  const pi = await h.engine.client.createProcessInstance({
    processDefinitionId,
    variables: { itemCode: input.itemCode, applicant: input.applicant ?? PERSON, materials: input.materials, channel: input.channel ?? 'window' },
  });
  const key = String((pi as unknown as { processInstanceKey: string | number }).processInstanceKey);
  const caseNumber = await h.until('case number', async () => {
    const c = await h.store.cases.getByProcessInstanceKey(key);
    return c?.caseNumber;
  });
  return { key, caseNumber };
}

export async function caseOf(h: Scenario, caseNumber: string): Promise<Case> {
  const c = await h.store.cases.getByNumber(caseNumber);
  if (!c) throw new Error(`no case ${caseNumber}`);
  return c;
}

export async function noticesOf(h: Scenario, caseNumber: string, kind?: string): Promise<Notice[]> {
  const c = await caseOf(h, caseNumber);
  const all = await h.store.notices.listForCase(c.id);
  return kind ? all.filter((n) => n.kind === kind) : all;
}

/** Waits for the n-th notice of a kind (1 by default) and returns all of that kind. */
export function awaitNotices(h: Scenario, caseNumber: string, kind: string, count = 1): Promise<Notice[]> {
  return h.until(`${count} ${kind} notice(s) of ${caseNumber}`, async () => {
    const list = await noticesOf(h, caseNumber, kind);
    return list.length >= count && list;
  });
}

export async function outboxOf(h: Scenario, caseNumber: string): Promise<OutboxMessage[]> {
  const c = await caseOf(h, caseNumber);
  return h.store.outbox.list({ caseId: c.id });
}

/** A notice's text without markup, for assertions on what the applicant reads. */
export function plain(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** Waits for a case event of a kind; returns all events of that kind. */
export function awaitEvents(h: Scenario, caseNumber: string, kind: string, count = 1) {
  return h.until(`${count} '${kind}' event(s) of ${caseNumber}`, async () => {
    const c = await caseOf(h, caseNumber);
    const events = (await h.store.cases.events(c.id)).filter((e) => e.kind === kind);
    return events.length >= count && events;
  });
}

/** Waits for the active child instance of a called process that has set a variable (e.g. supplementDueAt); returns its key. */
export async function awaitChild(h: Scenario, parentKey: string, processDefinitionId: string, variable: string): Promise<string> {
  return h.until(`${processDefinitionId} called by ${parentKey} with '${variable}'`, async () => {
    const found = await h.engine.client.searchProcessInstances({
      filter: { parentProcessInstanceKey: parentKey, processDefinitionId, state: 'ACTIVE' },
    } as never);
    const child = (found.items as unknown as Array<{ processInstanceKey: string }>)[0];
    if (!child) return undefined;
    const vars = await h.variables(String(child.processInstanceKey));
    return vars[variable] !== undefined && vars[variable] !== null && String(child.processInstanceKey);
  });
}
