import { expect } from 'chai';
import { sql } from 'kysely';
import type { Store } from '../../../domain/store/index.js';
import { applicant, describeEachDialect } from '../../support/store.js';

async function register(store: Store, name: string, kind: 'person' | 'company' = 'person') {
  return store.cases.create({ itemCode: 'MZ-001', caseType: 'immediate', departmentCode: 'MZ', applicant: { ...applicant, kind, name }, actor: 'test' });
}

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
