import { expect } from 'chai';
import { DESK, JourneyLog, logIn, personWindow, hallPerSuite, type Hall } from './support/hall.js';
import { openTask, taskRow } from './support/inbox-steps.js';
import { registerAtWindow } from './support/register-steps.js';

/**
 * A new window clerk, and AB岗 when a colleague goes on leave, through the pages alone. 林涛
 * (admin) opens 人员管理 from /login, creates 孙悦's account at 县民政局 and makes her the window's
 * first B post (after the A post 王芳, before 李强); 孙悦 logs in with the temporary password
 * read off the admin's screen, is sent to 设置新密码, picks her own and reaches her inbox. 王芳
 * registers a walk-in case, whose 材料审查 is hers; 林涛 records her 请假 for today and the page
 * shows the task handed over to the B post, 孙悦, who finds it in her inbox marked 代 王芳.
 */
describe('journeys/staff administration', function () {
  this.timeout(240_000);
  let hall: Hall;
  hallPerSuite((started) => (hall = started));

  it('should let the administrator create a B-post clerk who sets her password at first log-in, and hand an absent A clerk’s open task to her', async () => {
    const log = new JourneyLog('staff-administration');

    // 林涛 opens 人员管理 and looks at 县民政局
    const admin = (await personWindow(hall, DESK)).page;
    await logIn(admin, 'admin');
    await admin.getByRole('link', { name: '人员管理' }).click();
    await admin.waitForURL(/\/admin\/staff$/);
    await admin.getByLabel('部门', { exact: true }).first().selectOption({ label: '县民政局' });
    await admin.locator('.staff-post[data-post="mz-window"]').waitFor();
    await log.step(admin, 'staff-list');

    // a new account: the temporary password is on the screen once
    await admin.getByRole('button', { name: '新建账号' }).click();
    const form = admin.getByRole('form', { name: '新建账号' });
    await form.getByLabel('用户名').fill('mz-clerk-c');
    await form.getByLabel('姓名').fill('孙悦');
    expect(await form.getByLabel('部门').locator('option:checked').innerText()).to.equal('县民政局');
    expect(await form.getByLabel('窗口工作人员').isChecked()).to.equal(true);
    await log.step(admin, 'new-account-form');
    await form.getByRole('button', { name: '建立账号' }).click();
    const temporary = (await admin.locator('#one-time-password').innerText()).trim();
    expect(temporary).to.match(/^[A-Za-z2-9]{12}$/);
    expect(await admin.locator('tr[data-username="mz-clerk-c"] .staff-status').innerText()).to.contain('待设置新密码');
    await log.step(admin, 'temporary-password-shown');
    await admin.getByRole('button', { name: '我已交给本人，关闭' }).click();

    // 孙悦 becomes the window's first B post, ahead of 李强
    const window = admin.getByRole('group', { name: '县民政局受理窗口' });
    await window.getByLabel('加入县民政局受理窗口的人员').selectOption('mz-clerk-c');
    await window.getByRole('button', { name: '加入' }).click();
    await window.getByRole('button', { name: '上移 孙悦' }).click();
    await log.step(admin, 'window-posts-edited');
    await window.getByRole('button', { name: '保存县民政局受理窗口' }).click();
    await admin.getByText('已保存县民政局受理窗口：A岗 王芳，B岗 孙悦、李强。').waitFor();
    await admin.locator('tr[data-username="mz-clerk-c"]', { hasText: '县民政局受理窗口 B岗（第1顺位）' }).waitFor();
    await log.step(admin, 'window-posts-saved');

    // 孙悦's first log-in: the password page first, then her inbox
    const newClerk = (await personWindow(hall, DESK)).page;
    await newClerk.goto('/login');
    await newClerk.getByLabel('用户名').fill('mz-clerk-c');
    await newClerk.getByLabel('密码').fill(temporary);
    await newClerk.getByRole('button', { name: '登录' }).click();
    await newClerk.waitForURL((url) => url.pathname === '/change-password');
    await newClerk.getByLabel('临时密码').fill(temporary);
    await newClerk.getByLabel('新密码', { exact: true }).fill('Sunyue2026');
    await newClerk.getByLabel('再次输入新密码').fill('Sunyue2026');
    await log.step(newClerk, 'new-clerk-sets-password');
    await newClerk.getByRole('button', { name: '设置新密码' }).click();
    await newClerk.waitForURL((url) => url.pathname === '/inbox');
    await newClerk.getByText('暂无待办任务').waitFor();
    expect(await newClerk.locator('.sh-user-name').innerText()).to.equal('孙悦');
    await log.step(newClerk, 'new-clerk-inbox');

    // 王芳 registers a walk-in case: its material check is hers, the A post's
    const clerkA = (await personWindow(hall, DESK)).page;
    await logIn(clerkA, 'mz-clerk-a');
    const caseNumber = await registerAtWindow(clerkA, {
      search: '结婚登记',
      material: '男女双方本人有效居民身份证',
      applicant: { kind: 'person', name: '张明', idNumber: '110101199003070011', phone: '13800138000' },
    });
    await clerkA.getByRole('link', { name: '到待办事项办理' }).click();
    await taskRow(clerkA, caseNumber, '材料审查').waitFor();
    await log.step(clerkA, 'clerk-a-has-the-task');

    // 林涛 records 王芳's leave for today: the page says where her task went
    await admin.getByRole('button', { name: '管理 王芳' }).click();
    const detail = admin.getByRole('region', { name: '人员详情' });
    await detail.getByLabel('类型').selectOption({ label: '请假' });
    await log.step(admin, 'absence-form');
    await detail.getByRole('button', { name: '登记' }).click();
    const handedOver = detail.locator('#staff-handover li', { hasText: caseNumber });
    await handedOver.waitFor();
    expect(await handedOver.innerText()).to.equal(`办件 ${caseNumber} 「材料审查」：由王芳转交县民政局受理窗口 B岗（第1顺位） 孙悦办理`);
    // the list is read again after the answer, so the status follows it
    await admin.locator('tr[data-username="mz-clerk-a"] .staff-status', { hasText: '请假中' }).waitFor();
    await log.step(admin, 'absence-recorded-task-handed-over');

    // 孙悦 finds it in her own inbox, done for 王芳
    await newClerk.goto('/inbox');
    const row = taskRow(newClerk, caseNumber, '材料审查');
    await row.waitFor();
    expect(await row.innerText()).to.contain('代 王芳');
    await openTask(newClerk, caseNumber, '材料审查');
    await log.step(newClerk, 'b-clerk-opens-handed-over-task');
  });
});
