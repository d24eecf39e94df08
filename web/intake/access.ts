import type { CatalogueItem } from '../../domain/catalogue/types.js';
import { hasAnyRole, type Principal, type Role } from '../auth/roles.js';

/** The roles that take in applications at a window (the page and the API list the same). */
export const INTAKE_ROLES: readonly Role[] = ['window-clerk', 'lead-window', 'window-head'];

/**
 * A window registers the items its department implements; a joint item (联办件) only at its lead
 * window (牵头窗口), which tells the applicant every department's materials at once.
 */
export function mayRegister(principal: Principal, item: CatalogueItem): boolean {
  if (item.departmentCode !== principal.departmentCode) return false;
  if (item.caseType === 'joint') return principal.roles.includes('lead-window');
  return hasAnyRole(principal, INTAKE_ROLES);
}
