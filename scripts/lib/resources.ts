import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A file the app deploys, by its file name, read as UTF-8. */
export interface Resource {
  name: string;
  content: string;
}

/** The project's root folder, holding processes/ and forms/. */
export const projectRoot = join(import.meta.dirname, '..', '..');

/** The files of one folder with one extension, sorted; none when the folder is missing. */
export async function readFolder(folder: string, extension: string): Promise<Resource[]> {
  let names: string[];
  try {
    names = (await readdir(folder)).filter((name) => name.endsWith(extension)).sort();
  } catch (error) {
    // git keeps no empty folders, so a fresh clone may lack processes/ or forms/.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return Promise.all(names.map(async (name) => ({ name, content: await readFile(join(folder, name), 'utf8') })));
}

/**
 * Every diagram and form the project ships, as `npm start` deploys them and `npm run doctor`
 * compares them. Read as UTF-8: the SDK's deployResourcesFromFiles reads files as latin1 and
 * would garble the Chinese names in them.
 */
export async function readResources(root: string = projectRoot): Promise<Resource[]> {
  return [...(await readFolder(join(root, 'processes'), '.bpmn')), ...(await readFolder(join(root, 'forms'), '.form'))];
}
