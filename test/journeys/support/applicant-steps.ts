import type { Page } from 'playwright-core';

/**
 * What an applicant does on the public pages, by what the pages show. The numbers come from a
 * printed receipt: `printedReceipt` reads them from the sheet as the printer gets it (print media).
 */

/** Stands in for the printer: counts window.print() calls, so a test can see the button printed. */
export async function catchPrinting(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { printed: number };
    w.printed = 0;
    window.print = () => {
      w.printed += 1;
    };
  });
}

export const printedCount = (page: Page): Promise<number> => page.evaluate(() => (window as unknown as { printed: number }).printed);

/** Prints with the page's button and reads what the sheet says, as the applicant takes it home. */
export async function printedReceipt(page: Page, sheet: { root: string; number: string; code: string; button: string }): Promise<{ number: string; code: string; text: string }> {
  await catchPrinting(page);
  await page.getByRole('button', { name: sheet.button }).click();
  if ((await printedCount(page)) !== 1) throw new Error(`the ${sheet.button} button did not print`);
  await page.emulateMedia({ media: 'print' });
  const root = page.locator(sheet.root);
  const printed = {
    number: (await root.locator(sheet.number).innerText()).trim(),
    code: (await root.locator(sheet.code).innerText()).trim(),
    text: await root.innerText(),
  };
  return printed;
}

/** /lookup with the case or complaint number and the code, as typed from the receipt. */
export async function lookUp(page: Page, number: string, code: string): Promise<void> {
  await page.goto('/lookup');
  await page.getByLabel('办件编号 / 投诉编号').fill(number);
  await page.getByLabel('查询码').fill(code);
  await page.getByRole('button', { name: '查询' }).click();
}

/** Looks the case up again (the status is what the page shows) until it reads `status`, as a person would refresh. */
export async function lookUpUntil(page: Page, number: string, code: string, status: string): Promise<void> {
  await lookUp(page, number, code);
  const shown = page.locator('.lookup-case [data-status]');
  await shown.waitFor();
  for (let i = 0; i < 40 && (await shown.innerText()) !== status; i++) {
    await page.waitForTimeout(250);
    await page.getByRole('button', { name: '查询' }).click();
    await shown.waitFor();
  }
  const last = await shown.innerText();
  if (last !== status) throw new Error(`the case ${number} still shows ${last}, not ${status}`);
}

/** Opens a notice from /lookup's 出具的文书, checks it is the case's, prints it, and returns to the case. */
export async function printNoticeFromLookup(page: Page, title: string, caseNumber: string, before?: () => Promise<void>): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`^查看并打印${title}`) }).click();
  const notice = page.getByRole('dialog', { name: title });
  await notice.waitFor();
  // the notice itself, as issued: its own A4 page inside the dialog
  const text = await notice.locator('article').first().innerText();
  if (!text.includes(caseNumber)) throw new Error(`the ${title} shown does not name ${caseNumber}`);
  await catchPrinting(page);
  await notice.getByRole('button', { name: '打印' }).click();
  if ((await printedCount(page)) !== 1) throw new Error(`the ${title}'s 打印 button did not print`);
  await before?.();
  await notice.getByRole('button', { name: '返回' }).click();
}
