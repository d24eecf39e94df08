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
