import { parseArgs } from 'node:util';
import { StoreConfigError } from '../../domain/store/index.js';
import { EngineConnectionError } from '../lib/engine-connection.js';
import { BackupError } from './errors.js';

export const CAMUNDA_BACKUP_DOCS = 'https://docs.camunda.io/docs/self-managed/operational-guides/backup-restore/backup-and-restore/';

/** One folder argument and the given boolean flags; anything else prints the usage and exits with 2. */
export function folderArgument<F extends string>(usage: string, flags: F[] = []): { folder: string; flags: Record<F, boolean> } {
  try {
    const { positionals, values } = parseArgs({
      allowPositionals: true,
      options: Object.fromEntries(flags.map((flag) => [flag, { type: 'boolean' as const, default: false }])),
    });
    if (positionals.length === 1) return { folder: positionals[0], flags: values as Record<F, boolean> };
  } catch (error) {
    console.error((error as Error).message);
  }
  console.error(`usage: ${usage}`);
  process.exit(2);
}

/** A refusal or a setting to fix is printed as its message alone; anything else is a bug and keeps its stack. */
export function exitWithFailure(command: string, error: unknown): never {
  if (error instanceof BackupError || error instanceof StoreConfigError || error instanceof EngineConnectionError) {
    console.error(`${command} failed: ${error.message}`);
  } else {
    console.error(`${command} failed:`, error);
  }
  process.exit(1);
}
