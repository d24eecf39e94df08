import type { Page } from 'playwright-core';

/** What a window clerk enters about the applicant on 收件登记: a person, or an organisation with its contact. */
export type WindowApplicant =
  | { kind: 'person'; name: string; idNumber: string; phone: string }
  | { kind: 'organisation'; name: string; creditCode: string; contact: string; phone: string };

/**
 * 收件登记 from the staff navigation: finds the item by name (waiting for one of its materials to
 * show), enters the applicant, ticks every material as received and presses 登记. Answers the
 * case number the page shows; the page stays on the registration's answer.
 */
export async function registerAtWindow(page: Page, { search, material, applicant }: { search: string; material: string; applicant: WindowApplicant }): Promise<string> {
  await page.getByRole('link', { name: '收件登记' }).click();
  await page.getByLabel('查找事项').fill(search);
  await page.getByRole('button', { name: '查找' }).click();
  await page.getByLabel(`收取：${material}`).waitFor();
  await page.getByLabel(applicant.kind === 'person' ? '自然人' : '其他组织').check();
  await page.getByLabel('姓名或名称').fill(applicant.name);
  if (applicant.kind === 'person') {
    await page.getByLabel('居民身份证号码').fill(applicant.idNumber);
  } else {
    await page.getByLabel('统一社会信用代码').fill(applicant.creditCode);
    await page.getByLabel('联系人').fill(applicant.contact);
  }
  await page.getByLabel('联系电话').fill(applicant.phone);
  for (const box of await page.getByRole('checkbox', { name: /^收取：/ }).all()) await box.check();
  await page.getByRole('button', { name: '登记', exact: true }).click();
  const registered = await page.getByText(/登记成功：办件编号/).textContent();
  const found = /[A-Z]{2}\d{8}-\d{4,6}/.exec(registered ?? '');
  if (!found) throw new Error(`no case number in 「${registered}」`);
  return found[0];
}
