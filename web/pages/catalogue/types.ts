import type { CatalogueItem } from '../../../domain/catalogue/types.js';

/** The catalogue administration API's answers (web/openapi/paths/catalogue-admin.ts); the item is the catalogue's own. */

export type { Fee, Material } from '../../../domain/catalogue/types.js';
export type Item = CatalogueItem;

export interface Version {
  version: number;
  edition: string | null;
  publishedAt: string;
  publishedBy: string;
  publishedByName: string | null;
  item: Item;
}

export interface Draft {
  baseVersion: number | null;
  updatedAt: string;
  updatedBy: string;
  updatedByName: string | null;
  item: Item;
}

export interface AdminItem {
  code: string;
  published: Version | null;
  draft: Draft | null;
  versions: Version[];
}

export interface ListRow {
  code: string;
  name: string;
  departmentCode: string;
  caseType: string;
  version: number | null;
  publishedAt: string | null;
  draft: { baseVersion: number | null; updatedAt: string; updatedBy: string } | null;
}
