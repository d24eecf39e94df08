import { expect } from 'chai';
import { toPrincipal } from '../../../web/auth/roles.js';
import { startWebHarness, type WebHarness } from '../../support/web.js';

describe('web/api authorization', () => {
  let web: WebHarness;
  before(async () => {
    web = await startWebHarness();
    // given tasks of the 民政局 window, the 住建局 reviewers, and the complaint office, and one assigned in person
    const task = (key: string, candidateGroups: string[], assignee: string | null = null) =>
      web.store.tasks.record({ userTaskKey: key, processInstanceKey: '2251799813685249', elementId: 'material-check', name: '材料审查', candidateGroups, departmentCode: null, assignee });
    await task('2251799813685301', ['window:MZ']);
    await task('2251799813685302', ['review:ZJ']);
    await task('2251799813685303', ['complaint-office']);
    await task('2251799813685304', [], 'zj-clerk-b');
  });
  after(() => web.stop());

  const as = async (username: string) => {
    const browser = web.client();
    expect((await browser.login(username)).status, username).to.equal(201);
    return browser;
  };

  it('should answer 401 to a request without a session', async () => {
    const anonymous = web.client();
    for (const path of ['/api/tasks/2251799813685301', '/api/audit']) {
      const res = await anonymous.get(path);
      expect(res.status, path).to.equal(401);
      expect(res.body.code).to.equal('unauthenticated');
    }
  });

  it("should show a clerk their department's window tasks and refuse another department's", async () => {
    // given clerks of 民政局 and 住建局
    const mz = await as('mz-clerk-a');
    const zj = await as('zj-clerk-a');

    // then the 民政局 clerk sees the 民政局 window's task
    const own = await mz.get('/api/tasks/2251799813685301');
    expect(own.status).to.equal(200);
    expect(own.body).to.include({ userTaskKey: '2251799813685301', name: '材料审查', state: 'created' });

    // and the 住建局 clerk is told what an unknown key tells, as the 民政局 clerk is for 住建局's review
    const unknown = await zj.get('/api/tasks/2251799813685399');
    expect(unknown.status).to.equal(404);
    const other = await zj.get('/api/tasks/2251799813685301');
    expect(other.status).to.equal(404);
    expect(other.body).to.deep.equal(unknown.body);
    expect((await mz.get('/api/tasks/2251799813685302')).status).to.equal(404);
  });

  it("should answer every route of another department's task as it answers an unknown key", async () => {
    const zj = await as('zj-clerk-a');
    for (const [method, path, body] of [
      ['get', '/form', undefined],
      ['get', '/draft', undefined],
      ['put', '/draft', { variables: {} }],
      ['delete', '/draft', undefined],
      ['post', '/claim', undefined],
      ['post', '/unclaim', undefined],
      ['post', '/assign', { assignee: 'zj-clerk-a' }],
      ['get', '/assignees', undefined],
      ['post', '/completion', { variables: {} }],
      ['get', '/notices/1', undefined],
    ] as const) {
      const unknown = await zj.request(method, `/api/tasks/2251799813685399${path}`, body === undefined ? {} : { body });
      const other = await zj.request(method, `/api/tasks/2251799813685301${path}`, body === undefined ? {} : { body });
      expect([unknown.status, other.status], `${method} ${path}`).to.deep.equal([404, 404]);
      expect(other.body, `${method} ${path}`).to.deep.equal(unknown.body);
    }
  });

  it('should scope by role within a department: a window task is the head’s to oversee, not the reviewer’s', async () => {
    expect((await (await as('mz-head')).get('/api/tasks/2251799813685301')).status).to.equal(200);
    expect((await (await as('zj-head')).get('/api/tasks/2251799813685301')).status).to.equal(404);
    expect((await (await as('mz-head')).get('/api/tasks/2251799813685302')).status).to.equal(404);
    expect((await (await as('mz-reviewer')).get('/api/tasks/2251799813685301')).status).to.equal(404);
    expect((await (await as('zj-reviewer')).get('/api/tasks/2251799813685302')).status).to.equal(200);
    expect((await (await as('zj-lead')).get('/api/tasks/2251799813685302')).status).to.equal(404);
  });

  it('should give the center’s sections their own groups, and supervision every task to watch', async () => {
    const complaints = await as('complaints');
    expect((await complaints.get('/api/tasks/2251799813685303')).status).to.equal(200);
    expect((await complaints.get('/api/tasks/2251799813685301')).status).to.equal(404);

    const supervisor = await as('supervisor');
    for (const key of ['2251799813685301', '2251799813685302', '2251799813685303', '2251799813685304']) {
      expect((await supervisor.get(`/api/tasks/${key}`)).status, key).to.equal(200);
    }
    expect((await (await as('admin')).get('/api/tasks/2251799813685301')).status).to.equal(404);
  });

  it('should show a task assigned in person to its assignee only', async () => {
    expect((await (await as('zj-clerk-b')).get('/api/tasks/2251799813685304')).status).to.equal(200);
    expect((await (await as('zj-clerk-a')).get('/api/tasks/2251799813685304')).status).to.equal(404);
  });

  it('should answer 404 for a task that does not exist', async () => {
    const res = await (await as('mz-clerk-a')).get('/api/tasks/999');
    expect(res.status).to.equal(404);
    expect(res.body.code).to.equal('not-found');
  });

  it('should open the audit log to supervision and administrators only', async () => {
    for (const username of ['mz-clerk-a', 'mz-head', 'zj-lead', 'zrzy-reviewer', 'complaints', 'committee', 'designer']) {
      const res = await (await as(username)).get('/api/audit');
      expect(res.status, username).to.equal(403);
      expect(res.body.code).to.equal('forbidden');
    }
    for (const username of ['supervisor', 'admin']) {
      expect((await (await as(username)).get('/api/audit')).status, username).to.equal(200);
    }
  });

  it('should grant nothing for a role the app does not know', () => {
    const principal = toPrincipal({ username: 'x', displayName: 'x', staffId: null, departmentCode: 'MZ', roles: ['window_clerk', 'superuser', 'window-head'] });
    expect(principal.roles).to.deep.equal(['window-head']);
    expect(principal.candidateGroups).to.deep.equal(['head:MZ']);
  });
});
