import { join } from 'node:path';
import { openStore } from '../../../domain/store/index.js';
import { fixture, startTestEngine } from '../../support/engine.js';

export interface StoppedSystem {
  enginePath: string;
  storePath: string;
  /** an instance waiting at its record job */
  processInstanceKey: string;
}

/** The two databases of an embedded system that ran one process instance and wrote one store row, then stopped. */
export async function stoppedSystem(dir: string): Promise<StoppedSystem> {
  const enginePath = join(dir, 'engine.db');
  const storePath = join(dir, 'store.db');
  const engine = await startTestEngine(enginePath);
  const store = await openStore({ kind: 'sqlite', path: storePath });
  try {
    await engine.client.deployResources([{ name: 'record-then-wait.bpmn', content: fixture('scripts/backup/record-then-wait.bpmn') }]);
    const { processInstanceKey } = await engine.client.createProcessInstance({ processDefinitionId: 'backup-record-then-wait', variables: {} });
    await store.audit.record({ actor: 'backup-spec', action: 'backup-record', targetType: 'process-instance', targetId: processInstanceKey });
    return { enginePath, storePath, processInstanceKey };
  } finally {
    await engine.stop();
    await store.close();
  }
}
