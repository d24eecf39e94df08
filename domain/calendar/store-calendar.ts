import type { Repositories } from '../store/index.js';
import { createWorkingDayCalendar } from './calendar.js';
import type { WorkingDayCalendar } from './types.js';

/** Builds the calendar from the store on each call, so an administrator's override applies at once. */
export function storeCalendar(store: Pick<Repositories, 'calendar'>): () => Promise<WorkingDayCalendar> {
  return async () => {
    const [overrides, years] = await Promise.all([store.calendar.listOverrides(), store.calendar.years()]);
    return createWorkingDayCalendar({ overrides, knownYears: years.map((y) => y.year) });
  };
}
