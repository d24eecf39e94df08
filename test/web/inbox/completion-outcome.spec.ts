import { expect } from 'chai';
import { signalInstanceChanged, watchInstance } from '../../../domain/store/change-signals.js';
import type { CaseStatus, Store, Task } from '../../../domain/store/index.js';
import { completionOutcome } from '../../../web/inbox/completion-outcome.js';

const PIK = '2251799813685249';
const task = { userTaskKey: '10', processInstanceKey: PIK, caseId: 'case-1' } as Task;

/** A store that answers the outcome wait's one read from `progress`, counting the reads. */
function progressStore(progress: { caseStatus: CaseStatus | null; open: Array<{ userTaskKey: string; name: string }> }) {
  const reads: string[] = [];
  const store = {
    tasks: {
      instanceProgress: (processInstanceKey: string) => {
        reads.push(processInstanceKey);
        return Promise.resolve(progress);
      },
    },
  } as unknown as Store;
  return { store, reads };
}

describe('web/inbox completion outcome', () => {
  it("should take the outcome this process's workers tell, also when told before the wait began, without reading the store", async () => {
    const { store, reads } = progressStore({ caseStatus: 'accepted', open: [] });
    const watch = watchInstance(PIK);
    try {
      // told between the engine's answer and the wait: not missed
      signalInstanceChanged(PIK, { kind: 'task-recorded', userTaskKey: '11', name: '受理审查' });
      expect(await completionOutcome(store, task, new Set(['10']), watch)).to.deep.equal({ kind: 'next', steps: ['受理审查'] });

      const waiting = completionOutcome(store, task, new Set(['10']), watch);
      signalInstanceChanged('2251799813685999', { kind: 'case-finished' });
      setTimeout(() => signalInstanceChanged(PIK, { kind: 'case-finished' }), 5);
      expect(await waiting).to.deep.equal({ kind: 'finished' });
      expect(reads).to.deep.equal([]);
    } finally {
      watch.close();
    }
  });

  it('should not take a replayed recording of a task open before the completion for its next step, and find in the store what another instance recorded', async () => {
    const { store, reads } = progressStore({
      caseStatus: 'accepted',
      open: [
        { userTaskKey: '12', name: '并行审查' },
        { userTaskKey: '13', name: '当场办理' },
      ],
    });
    const watch = watchInstance(PIK);
    try {
      signalInstanceChanged(PIK, { kind: 'task-recorded', userTaskKey: '12', name: '并行审查' });
      expect(await completionOutcome(store, task, new Set(['10', '12']), watch)).to.deep.equal({ kind: 'next', steps: ['当场办理'] });
      expect(reads).to.deep.equal([PIK]);
    } finally {
      watch.close();
    }
  });

  it('should answer pending once the wait is over, having read the store about every 50 ms and once at the end', async () => {
    const { store, reads } = progressStore({ caseStatus: 'supplementing', open: [{ userTaskKey: '12', name: '并行审查' }] });
    const watch = watchInstance(PIK);
    try {
      expect(await completionOutcome(store, task, new Set(['10', '12']), watch, 120)).to.deep.equal({ kind: 'pending' });
      expect(reads.length).to.be.within(2, 3);
    } finally {
      watch.close();
    }
  });

  it('should answer finished when the store shows the case finished by a step no worker here told of', async () => {
    const { store } = progressStore({ caseStatus: 'refused', open: [] });
    const watch = watchInstance(PIK);
    try {
      expect(await completionOutcome(store, task, new Set(['10']), watch)).to.deep.equal({ kind: 'finished' });
    } finally {
      watch.close();
    }
  });
});
