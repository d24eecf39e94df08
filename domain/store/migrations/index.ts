import type { Migration } from 'kysely';
import * as m001 from './001_initial.js';

/**
 * Every migration, in code rather than read from a folder at run time, so tsx, a bundle and the
 * type checker all see the same list. Names sort in the order they must run; append, never edit.
 */
export const migrations: Record<string, Migration> = {
  '001_initial': m001,
};
