import type { Page } from 'playwright-core';

/**
 * What a clerk does in the inbox, by what the pages show: the case's row in the list, its 办理
 * button, the task's form, the submit button. Used by every journey that has staff in it.
 */

export const taskRow = (page: Page, caseNumber: string, taskName: string) => page.locator(`tr[data-case-number="${caseNumber}"]`).filter({ hasText: taskName });

/** From the inbox list (it updates live), opens the case's task and waits for its form. */
export async function openTask(page: Page, caseNumber: string, taskName: string): Promise<void> {
  if (new URL(page.url()).pathname !== '/inbox' || new URL(page.url()).searchParams.has('task')) await page.goto('/inbox');
  const row = taskRow(page, caseNumber, taskName);
  await row.waitFor({ timeout: 20_000 });
  await row.getByRole('button', { name: '办理' }).click();
  await page.waitForURL(/\/inbox\?task=\d+/);
  await page.locator('.task-header h1', { hasText: taskName }).waitFor();
  await page.locator('#task-form .fjs-form').waitFor();
}

/** Submits the open task and waits until the inbox confirms it and shows the list again. */
export async function submitTask(page: Page): Promise<void> {
  await page.click('.task-submit');
  await page.waitForURL((url) => url.pathname === '/inbox' && !url.searchParams.has('task'));
  await page.locator('.sh-message-success').waitFor();
}
