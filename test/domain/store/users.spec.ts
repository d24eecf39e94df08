import { expect } from 'chai';
import { describeEachDialect } from '../../support/store.js';

describeEachDialect('domain/store users', ({ store }) => {
  const wang = { username: 'mz-clerk-a', displayName: '王芳', staffId: 'mz-clerk-a', departmentCode: 'MZ', roles: ['window-clerk'], passwordHash: '$scrypt$x' };

  beforeEach(async () => {
    await store().staff.upsertStaff({ id: 'mz-clerk-a', name: '王芳', departmentCode: 'MZ', roles: ['window-clerk'], phone: null, email: null, active: true });
  });

  it('should add an account once and never overwrite it', async () => {
    // given an account
    expect(await store().users.addIfMissing(wang)).to.equal(true);

    // when the same username is added again with another password
    const again = await store().users.addIfMissing({ ...wang, passwordHash: '$scrypt$other' });

    // then the first stays as it was
    expect(again).to.equal(false);
    expect(await store().users.get('mz-clerk-a')).to.deep.include({ ...wang, disabled: false });
    expect(await store().users.count()).to.equal(1);
    expect(await store().users.get('nobody')).to.equal(undefined);
  });

  it('should refuse an account for staff that does not exist', async () => {
    const outcome = await store()
      .users.addIfMissing({ ...wang, username: 'ghost', staffId: 'no-such-staff' })
      .then(
        () => 'stored',
        () => 'refused',
      );
    expect(outcome).to.equal('refused');
    expect(await store().users.count()).to.equal(0);
  });
});
