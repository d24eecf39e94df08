/** A row the caller named does not exist; `entity` and `id` say which. */
export class StoreNotFoundError extends Error {
  readonly code = 'STORE_NOT_FOUND';
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} '${id}' not found`);
    this.name = 'StoreNotFoundError';
  }
}

/** A migration failed while opening the store; nothing after it ran. */
export class StoreMigrationError extends Error {
  readonly code = 'STORE_MIGRATION';
  constructor(
    readonly migration: string | undefined,
    options: { cause: unknown },
  ) {
    super(`store migration ${migration ?? '(setup)'} failed: ${options.cause instanceof Error ? options.cause.message : String(options.cause)}`, options);
    this.name = 'StoreMigrationError';
  }
}

/**
 * The store's schema is not the one this code expects, and the caller asked not to migrate it
 * (openStore with migrate: false). `pending` lists what `npm start` would run; `unknown` what a
 * newer version of the app ran.
 */
export class StoreSchemaError extends Error {
  readonly code = 'STORE_SCHEMA';
  constructor(
    readonly pending: readonly string[],
    readonly unknown: readonly string[],
  ) {
    const parts = [
      ...(pending.length > 0 ? [`${pending.length} migration(s) not run: ${pending.join(', ')}`] : []),
      ...(unknown.length > 0 ? [`migrated by a newer version of the app (${unknown.join(', ')})`] : []),
    ];
    super(`store schema is not current: ${parts.join('; ')}`);
    this.name = 'StoreSchemaError';
  }
}
