import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { GROUNDS, groundByCode, groundByItem } from '../../../domain/complaints/grounds.js';

describe('domain/complaints/grounds', () => {
  it('should know exactly the grounds the complaint-registration form offers', () => {
    const form = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'forms', 'complaint-registration.form'), 'utf8')) as {
      components: Array<{ key?: string; values?: Array<{ value: string }> }>;
    };
    const offered = form.components.find((c) => c.key === 'ground')!.values!.map((v) => v.value);

    expect(GROUNDS.map((g) => g.code)).to.deep.equal(offered);
  });

  it('should number the grounds as 第二条 does', () => {
    expect(groundByCode('poor-service.not-told-at-once')).to.include({ category: 1, item: '1.3' });
    expect(groundByCode('fees.unauthorised-waiver')).to.include({ category: 3, item: '3.4', label: '不按规定收费：擅自减、免、缓规费' });
    expect(groundByItem('4.2')?.code).to.equal('integrity.favours');
    expect(groundByCode('fees.tips')).to.equal(undefined);
  });
});
