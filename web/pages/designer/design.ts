/** A design as the page holds it: what web/api/designer.ts answers, and the file open in an editor. */

export type Kind = 'bpmn' | 'form' | 'dmn';

export interface Design {
  kind: Kind;
  id: string;
  version: number;
  author: string | null;
  createdAt: string | null;
  deployedVersionKey: string | null;
  deployedAt: string | null;
  content: string;
}
export type DesignVersion = Omit<Design, 'content'> & { size: number };

export interface Current {
  kind: Kind;
  id: string;
  name: string;
  /** the saved version the editor started from (0: the project's file, never saved here) */
  version: number;
  saved: Omit<Design, 'content'>;
  dirty: boolean;
}
