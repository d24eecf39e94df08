import { resolve } from 'node:path';
import { CAMUNDA_BACKUP_DOCS, exitWithFailure, folderArgument } from './backup/cli.js';
import { readDatabases } from './backup/config.js';
import { restoreBackup } from './backup/restore.js';

/** `npm run restore -- <backup-dir> [--force]`: puts a backup's databases in place while the system is stopped (README, Backups). */
const { folder, flags } = folderArgument('npm run restore -- <backup-dir> [--force]', ['force']);
const source = resolve(folder);
try {
  const databases = readDatabases();
  const restored = await restoreBackup({ ...databases, source, force: flags.force });
  console.log(`restored ${source}:`);
  for (const part of restored) console.log(`  ${part.role.padEnd(6)} -> ${part.destination}`);
  if (databases.engine.mode === 'remote') {
    console.log(`restore the Camunda cluster from the backup taken with it, with Camunda's backup API: ${CAMUNDA_BACKUP_DOCS}`);
  }
} catch (error) {
  exitWithFailure('restore', error);
}
