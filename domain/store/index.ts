/** The project's own store: one data-access layer over SQLite (default) or PostgreSQL. */
export { readStoreConfig, StoreConfigError, type StoreConfig } from './config.js';
export { openStore, type Store, type StoreOptions, type StoreTransaction, type Repositories } from './store.js';
export { StoreMigrationError, StoreNotFoundError } from './errors.js';
export type { Database } from './schema.js';
export * from './repos/audit.js';
export * from './repos/calendar.js';
export * from './repos/cases.js';
export * from './repos/catalogue.js';
export * from './repos/complaints.js';
export * from './repos/evaluations.js';
export * from './repos/notices.js';
export * from './repos/outbox.js';
export * from './repos/processed-jobs.js';
export * from './repos/sessions.js';
export * from './repos/staff.js';
export * from './repos/supervision.js';
export * from './repos/tasks.js';
export * from './repos/users.js';
