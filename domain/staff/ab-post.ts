import type { Absence, PostHolder, PostStaffing, StaffRepo } from '../store/index.js';

/**
 * AB岗: each post has an A holder and ordered B holders; when A is absent the first present B
 * holder does A's work with A's authority, so work never waits on an empty post. A holder is
 * present when active and not on an absence covering the instant.
 */
export interface ActingHolder {
  /** who does the post's work now, or null when every holder is away */
  holder: PostHolder | null;
  /** the A holder whose work a B holder is doing (covering_for), or null when A is present */
  coveringFor: string | null;
  /** the holders passed over, in rank order, with why */
  passedOver: Array<{ holder: PostHolder; absence: Absence | null }>;
}

export async function actingHolder(staff: Pick<StaffRepo, 'holders' | 'absencesAt'>, postCode: string, at: Date): Promise<ActingHolder> {
  const holders = await staff.holders(postCode);
  const absences = await staff.absencesAt(at, holders.map((h) => h.staff.id));
  return actingHolderAmong(holders.map((holder) => ({ holder, absence: absences.find((a) => a.staffId === holder.staff.id) ?? null })));
}

/** actingHolder over holders already read in rank order with their absences at the instant (StaffRepo.staffing). */
export function actingHolderAmong(holders: PostStaffing['holders']): ActingHolder {
  const passedOver: ActingHolder['passedOver'] = [];
  for (const { holder, absence } of holders) {
    if (holder.staff.active && !absence) {
      const a = holders[0].holder;
      return { holder, coveringFor: holder === a ? null : a.staff.id, passedOver };
    }
    passedOver.push({ holder, absence });
  }
  return { holder: null, coveringFor: null, passedOver };
}

/** Whether a person is at work at the instant: active and not on an absence covering it. */
export async function isPresent(staff: Pick<StaffRepo, 'getStaff' | 'absencesAt'>, staffId: string, at: Date): Promise<boolean> {
  const person = await staff.getStaff(staffId);
  if (!person?.active) return false;
  return (await staff.absencesAt(at, [staffId])).length === 0;
}
