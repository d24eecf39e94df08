import { expect } from 'chai';
import { causedBy, parseCause } from '../../../domain/store/index.js';

describe('domain/store cause (actedBy)', () => {
  it('should read a staff member, the applicant or an event, and the staff id to search by', () => {
    const staff = parseCause({ kind: 'staff', staffId: 'mz-clerk-a', name: '王芳', task: '材料审查', userTaskKey: '2251799813685300' });
    expect(staff).to.deep.equal({ kind: 'staff', staffId: 'mz-clerk-a', name: '王芳', task: '材料审查', userTaskKey: '2251799813685300' });
    expect(causedBy(staff)).to.equal('mz-clerk-a');
    expect(parseCause({ kind: 'applicant', event: '申请人补齐材料' })).to.deep.equal({ kind: 'applicant', event: '申请人补齐材料' });
    expect(parseCause({ kind: 'event', event: '逾期未补正，视为撤回' })).to.deep.equal({ kind: 'event', event: '逾期未补正，视为撤回' });
    expect(causedBy(parseCause({ kind: 'event', event: 'x' }))).to.equal(null);
  });

  it('should read nothing from a variable that is absent or not a cause', () => {
    for (const value of [undefined, null, 'mz-clerk-a', [], { kind: 'staff', name: '王芳' }, { kind: 'event' }, { kind: 'robot', event: 'x' }, { kind: 'staff', staffId: 'x'.repeat(65), userTaskKey: '1' }]) {
      expect(parseCause(value), JSON.stringify(value)).to.equal(null);
    }
  });
});
