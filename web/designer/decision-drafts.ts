import type { Repositories } from '../../domain/store/index.js';
import { readDecisions } from './lint.js';

/**
 * Which other decision file a decision id of `fileId` belongs to by the designer's saved drafts,
 * for ids the engine holds in no graph yet. A diagram's process id belongs to the diagram saved
 * here under that id even before it is deployed (web/api/designer.ts ownerOf); a decision id has
 * no file of its own name, so it belongs to the file whose latest saved version defines it. When
 * several do, the file saved first keeps it: otherwise two drafts of one id would each refuse the
 * other's deployment forever. Answers decision id -> owning file id, only for ids owned elsewhere.
 */
export async function decisionsOwnedByOtherDrafts(designs: Repositories['designs'], fileId: string, decisionIds: readonly string[]): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  if (decisionIds.length === 0) return owners;
  const claimants = new Map<string, string[]>();
  for (const draft of await designs.latestOfEach('dmn')) {
    if (draft.resourceId === fileId) continue;
    const read = await readDecisions(draft.content);
    // a file saved before the checks it fails now claims nothing
    if ('error' in read) continue;
    for (const decision of read.decisions) {
      if (decisionIds.includes(decision.id)) claimants.set(decision.id, [...(claimants.get(decision.id) ?? []), draft.resourceId]);
    }
  }
  const firstSaved = new Map<string, number>();
  const savedAt = async (id: string): Promise<number> => {
    if (!firstSaved.has(id)) firstSaved.set(id, (await designs.get('dmn', id, 1))?.createdAt.getTime() ?? Number.POSITIVE_INFINITY);
    return firstSaved.get(id)!;
  };
  for (const [decisionId, files] of claimants) {
    let owner = fileId;
    for (const file of files) {
      const [theirs, ours] = [await savedAt(file), await savedAt(owner)];
      if (theirs < ours || (theirs === ours && file < owner)) owner = file;
    }
    if (owner !== fileId) owners.set(decisionId, owner);
  }
  return owners;
}
