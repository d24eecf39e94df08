import { resolve } from 'node:path';
import { CAMUNDA_BACKUP_DOCS, exitWithFailure, folderArgument } from './backup/cli.js';
import { readDatabases } from './backup/config.js';
import { createBackup } from './backup/create.js';

/** `npm run backup -- <target-dir>`: copies the running system's databases (README, Backups). */
const { folder } = folderArgument('npm run backup -- <target-dir>');
const target = resolve(folder);
const started = performance.now();
try {
  const manifest = await createBackup({ ...readDatabases(), target });
  console.log(`backed up to ${target} in ${Math.round(performance.now() - started)} ms:`);
  for (const part of manifest.parts) {
    const check = part.kind === 'sqlite' ? `integrity ${part.integrityCheck}` : `${part.archiveEntries} archive entries`;
    console.log(`  ${part.role.padEnd(6)} ${part.file.padEnd(12)} ${String(part.bytes).padStart(12)} bytes  sha256 ${part.sha256.slice(0, 12)}…  ${check}  from ${part.source}`);
  }
  if (manifest.engineMode === 'remote') {
    console.log(`the engine's state lives in the Camunda cluster; back it up with Camunda's backup API: ${CAMUNDA_BACKUP_DOCS}`);
  }
} catch (error) {
  exitWithFailure('backup', error);
}
