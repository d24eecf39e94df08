import { expect } from 'chai';
import { sql } from 'kysely';
import type { CaseSearch, Store } from '../../../domain/store/index.js';
import { applicant, describeEachDialect, openMigratedUpTo } from '../../support/store.js';

async function register(store: Store, name: string, kind: 'person' | 'company' = 'person', at?: { departmentCode: string; receivedAt: Date }) {
  return store.cases.create({ itemCode: 'MZ-001', caseType: 'immediate', departmentCode: 'MZ', applicant: { ...applicant, kind, name }, actor: 'test', ...at });
}

const day = (d: number) => new Date(Date.UTC(2026, 0, d, 2));

describeEachDialect('domain/store applicant-name search', ({ store }) => {
  it('should find a name by any one, two or more characters inside it, and nothing for characters it has apart', async () => {
    const s = store();
    const wang = await register(s, '王芳');
    const ouyang = await register(s, '欧阳明华');
    const company = await register(s, '县城建筑有限公司', 'company');
    const names = async (text: string) => (await s.cases.search({ applicant: text, limit: 20 })).cases.map((c) => c.applicant.name).sort();
    expect(await names('芳')).to.deep.equal(['王芳']);
    expect(await names('王芳')).to.deep.equal(['王芳']);
    expect(await names('阳明华')).to.deep.equal(['欧阳明华']);
    expect(await names('建筑有限')).to.deep.equal(['县城建筑有限公司']);
    expect(await names('欧华')).to.deep.equal([]);
    expect(await names('王芳芳')).to.deep.equal([]);
    const counted = await s.cases.search({ applicant: '明', limit: 20 });
    expect(counted.total).to.equal(1);
    expect([wang.id, ouyang.id, company.id]).to.include(counted.cases[0].id);
  });

  it('should follow a name changed or a case removed in the table itself, whoever writes it', async () => {
    const s = store();
    const renamed = await register(s, '李四');
    const removed = await register(s, '李红');
    await s.db.updateTable('cases').set({ applicant_name: '赵六' }).where('id', '=', renamed.id).execute();
    await s.db.deleteFrom('case_events').where('case_id', '=', removed.id).execute();
    await s.db.deleteFrom('cases').where('id', '=', removed.id).execute();
    const ids = async (text: string) => (await s.cases.search({ applicant: text, limit: 20 })).cases.map((c) => c.id);
    expect(await ids('李')).to.deep.equal([]);
    expect(await ids('赵六')).to.deep.equal([renamed.id]);
    const left = await sql<{ case_id: string }>`select distinct case_id from case_name_grams`.execute(s.db);
    expect(left.rows.map((r) => r.case_id)).to.deep.equal([renamed.id]);
  });

  it('should list a name’s cases within departments and a period newest first, counting them, by the department and receipt time the grams carry', async () => {
    const s = store();
    const mz = [day(3), day(1), day(5), day(2)].map((receivedAt) => ({ departmentCode: 'MZ', receivedAt }));
    const registered = [];
    for (const at of mz) registered.push(await register(s, '王芳', 'person', at));
    const [second, first, newest, third] = registered;
    const elsewhere = await register(s, '王芳', 'person', { departmentCode: 'ZJ', receivedAt: day(6) });
    await register(s, '王明', 'person', { departmentCode: 'MZ', receivedAt: day(7) });
    const ids = async (text: string, more: Partial<CaseSearch> = {}) => {
      const found = await s.cases.search({ applicant: text, departmentCodes: ['MZ'], limit: 2, ...more });
      return { ids: found.cases.map((c) => c.id), total: found.total };
    };
    expect(await ids('王芳')).to.deep.equal({ ids: [newest.id, second.id], total: 4 });
    expect(await ids('王芳', { offset: 2 })).to.deep.equal({ ids: [third.id, first.id], total: 4 });
    expect(await ids('芳', { receivedFrom: day(2), receivedBefore: day(5) })).to.deep.equal({ ids: [second.id, third.id], total: 2 });
    expect(await ids('王芳', { departmentCodes: ['MZ', 'ZJ'], limit: 3 })).to.deep.equal({ ids: [elsewhere.id, newest.id, second.id], total: 5 });
    expect(await ids('王芳', { departmentCodes: undefined, limit: 1 })).to.deep.equal({ ids: [elsewhere.id], total: 5 });
    expect(await ids('王', { statuses: ['completed'] })).to.deep.equal({ ids: [], total: 0 });
    // a case moved to another department or received at another time is listed where it now is
    await s.db.updateTable('cases').set({ department_code: 'ZJ', received_at: day(9).toISOString() }).where('id', '=', first.id).execute();
    expect(await ids('王芳', { departmentCodes: ['ZJ'] })).to.deep.equal({ ids: [first.id, elsewhere.id], total: 2 });
  });

  it('should find the inbox tasks of a case by a part of its applicant’s name', async () => {
    const s = store();
    const ouyang = await register(s, '欧阳明华');
    await register(s, '王明');
    await s.tasks.record({ userTaskKey: '1', processInstanceKey: '2251799813685249', elementId: 'review', name: '审核', candidateGroups: ['window:MZ'], departmentCode: 'MZ', caseId: ouyang.id });
    const found = await s.inbox.search({ scope: { kind: 'mine', assignee: null, candidateGroups: ['window:MZ'] }, applicant: '阳明', limit: 10, offset: 0 });
    expect(found.entries.map((e) => e.task.userTaskKey)).to.deep.equal(['1']);
    expect(found.total).to.equal(1);
  });
});

describeEachDialect('domain/store migration 023_name_grams_department_received', ({ sandbox }) => {
  it('should give the grams of the cases before it their department and receipt time, and keep them for cases written after', async () => {
    // given a store at migration 022 with cases of two departments
    const config = sandbox().config();
    const old = await openMigratedUpTo(config, '022_design_decisions');
    const row = (id: string, name: string, departmentCode: string, receivedAt: Date) => ({
      id, case_number: `SH-${id}`, item_code: 'MZ-001', case_type: 'immediate', department_code: departmentCode, status: 'registered', applicant_name: name,
      applicant_kind: 'person', received_at: receivedAt.toISOString(), suspended_working_days: 0, extension_days: 0, created_at: receivedAt.toISOString(), updated_at: receivedAt.toISOString(),
    });
    await old.db.insertInto('cases').values([row('c1', '欧阳明华', 'MZ', day(1)), row('c2', '王明', 'ZJ', day(2)), row('c3', '李明', 'MZ', day(3))]).execute();
    await old.close();

    // when the store is opened (and so migrated to the latest), and a case registered after
    const s = await sandbox().open(config);
    const after = await register(s, '赵明', 'person', { departmentCode: 'MZ', receivedAt: day(4) });

    // then every gram row carries its case's department and receipt time, and the search reads them
    const grams = await sql<{ n: number | string }>`select count(*) as n from case_name_grams g join cases c on c.id = g.case_id
      where g.department_code = c.department_code and g.received_at = c.received_at`.execute(s.db);
    const all = await sql<{ n: number | string }>`select count(*) as n from case_name_grams`.execute(s.db);
    expect(Number(grams.rows[0].n)).to.equal(Number(all.rows[0].n)).and.to.equal(7 + 3 + 3 + 3);
    const found = await s.cases.search({ applicant: '明', departmentCodes: ['MZ'], limit: 10 });
    expect(found.cases.map((c) => c.id)).to.deep.equal([after.id, 'c3', 'c1']);
  });
});
