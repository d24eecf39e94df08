import type { Response } from 'express';
import { checkItem, fieldLabel } from '../../domain/catalogue/item-check.js';
import type { CatalogueProblem } from '../../domain/catalogue/item-rules.js';
import type { CatalogueItem } from '../../domain/catalogue/types.js';
import { CatalogueDraftConflictError, type CatalogueDraft, type ItemVersion, type Repositories } from '../../domain/store/index.js';
import { auditEntry } from '../audit.js';
import { authenticatedOf, inputOf } from '../http/context.js';
import { ApiProblem } from '../http/problem.js';
import type { Api } from '../openapi/routes.js';
import type { ApiContext } from './context.js';

/**
 * 事项目录管理 (role admin, docs/decisions/0012-catalogue-versions.md): the items with their
 * published version and draft, an item's history, a draft saved only when the item rules pass,
 * published as the next version or discarded. Each change and its audit entry (before and after)
 * are one transaction; the catalogue holds no secret to keep out of the log.
 */


/** The top-level fields in which two versions of an item differ, for the audit log's reader. */
function changedFields(before: CatalogueItem | undefined, after: CatalogueItem | undefined): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]) as Set<keyof CatalogueItem>;
  return [...keys].filter((k) => JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k]));
}

/** The item's problems as a 400 naming each field in the form's words; `where` says what was checked. */
function invalidItem(problems: CatalogueProblem[], where: string): ApiProblem {
  const errors = problems.map((p) => ({ in: 'body' as const, field: ['item', ...p.path.split('/').slice(1)].join('.'), message: p.message }));
  const fields = [...new Set(problems.map((p) => fieldLabel(p.path)))].join('、');
  return new ApiProblem('validation', `${where}有 ${problems.length} 处需要修改（${fields}），未作任何更改`, errors);
}

export function registerCatalogueAdminRoutes(api: Api, { store, clock }: ApiContext): void {
  const departmentCodes = async (repos: Pick<Repositories, 'catalogue'>) => new Set((await repos.catalogue.listDepartments()).map((d) => d.code));

  /** The administrator's name for the page; null for a catalogue file or an account since removed. */
  const nameOf = async (username: string) => (await store.users.get(username))?.displayName ?? null;
  const versionBody = async (v: ItemVersion) => ({ version: v.version, edition: v.edition, publishedAt: v.publishedAt.toISOString(), publishedBy: v.publishedBy, publishedByName: await nameOf(v.publishedBy), item: v.item });
  const draftBody = async (d: CatalogueDraft) => ({ baseVersion: d.baseVersion, updatedAt: d.updatedAt.toISOString(), updatedBy: d.updatedBy, updatedByName: await nameOf(d.updatedBy), item: d.item });

  const itemView = async (repos: Pick<Repositories, 'catalogue'>, code: string) => {
    const [versions, draft, published] = await Promise.all([repos.catalogue.listVersions(code), repos.catalogue.getDraft(code), repos.catalogue.getPublished(code)]);
    if (versions.length === 0 && !draft) throw new ApiProblem('not-found', `事项目录中没有编码为 ${code} 的事项`);
    return { code, published: published ? await versionBody(published) : null, draft: draft ? await draftBody(draft) : null, versions: await Promise.all(versions.map(versionBody)) };
  };

  const audit = (res: Response, at: Date, action: string, code: string, detail: Record<string, unknown>) =>
    auditEntry(res, at, { action, targetType: 'catalogue-item', targetId: code, detail });

  api.get('/api/admin/catalogue/items', 'listCatalogueItems', async (_req, res) => {
    const { query } = inputOf<{ query: { department?: string } }>(res);
    const [published, drafts] = await Promise.all([store.catalogue.listPublished({ departmentCode: query.department }), store.catalogue.listDrafts()]);
    const draftOf = new Map(drafts.map((d) => [d.item.code, d]));
    const publishedCodes = new Set(published.map((p) => p.item.code));
    // an item not yet published exists only as its draft
    const unpublished = drafts.filter((d) => !publishedCodes.has(d.item.code) && (query.department === undefined || d.item.departmentCode === query.department));
    const rows = [
      ...published.map(({ item, version, publishedAt }) => ({ item, version, publishedAt: publishedAt.toISOString(), draft: draftOf.get(item.code) })),
      ...unpublished.map((draft) => ({ item: draft.item, version: null, publishedAt: null, draft })),
    ];
    res.json({
      items: rows
        .map(({ item, version, publishedAt, draft }) => ({
          code: item.code,
          name: item.name,
          departmentCode: item.departmentCode,
          caseType: item.caseType,
          version,
          publishedAt,
          draft: draft ? { baseVersion: draft.baseVersion, updatedAt: draft.updatedAt.toISOString(), updatedBy: draft.updatedBy } : null,
        }))
        .sort((a, b) => a.code.localeCompare(b.code)),
    });
  });

  api.get('/api/admin/catalogue/items/{code}', 'getCatalogueItem', async (_req, res) => {
    res.json(await itemView(store, inputOf(res).params.code));
  });

  api.put('/api/admin/catalogue/items/{code}/draft', 'saveCatalogueDraft', async (_req, res) => {
    const { params, body } = inputOf<{ body: { item: CatalogueItem } }>(res);
    const code = params.code;
    if (body.item.code !== code) throw invalidItem([{ path: '/code', message: `事项编码应为 ${code}：编码发布后不能更改` }], '草稿');
    const problems = checkItem(body.item, await departmentCodes(store));
    if (problems.length > 0) throw invalidItem(problems, '草稿');
    const now = clock();
    const by = authenticatedOf(res).principal.username;
    const created = await store.transaction(async (tx) => {
      const [before, published] = await Promise.all([tx.catalogue.getDraft(code), tx.catalogue.getPublished(code)]);
      const saved = await tx.catalogue.saveDraft({ item: body.item, baseVersion: published?.version ?? null, by, at: now });
      const previous = before?.item ?? published?.item;
      await tx.audit.record(
        audit(res, now, 'catalogue.draft-save', code, {
          baseVersion: saved.baseVersion,
          changed: changedFields(previous, body.item),
          before: before ? { draft: before.item } : { draft: null, publishedVersion: published?.version ?? null },
          after: { draft: saved.item },
        }),
      );
      return before === undefined;
    });
    res.status(created ? 201 : 200).json(await itemView(store, code));
  });

  api.delete('/api/admin/catalogue/items/{code}/draft', 'discardCatalogueDraft', async (_req, res) => {
    const code = inputOf(res).params.code;
    const now = clock();
    await store.transaction(async (tx) => {
      const draft = await tx.catalogue.getDraft(code);
      if (!draft) throw new ApiProblem('not-found', `事项 ${code} 没有草稿`);
      await tx.catalogue.discardDraft(code);
      await tx.audit.record(audit(res, now, 'catalogue.draft-discard', code, { baseVersion: draft.baseVersion, before: { draft: draft.item }, after: { draft: null } }));
    });
    res.status(204).end();
  });

  api.post('/api/admin/catalogue/items/{code}/publish', 'publishCatalogueDraft', async (_req, res) => {
    const code = inputOf(res).params.code;
    const draft = await store.catalogue.getDraft(code);
    if (!draft) throw new ApiProblem('not-found', `事项 ${code} 没有待发布的草稿`);
    // the departments may have changed since the draft was saved
    const problems = checkItem(draft.item, await departmentCodes(store));
    if (problems.length > 0) throw invalidItem(problems, '草稿');
    const now = clock();
    const by = authenticatedOf(res).principal.username;
    try {
      await store.exclusive('catalogue-publish', async (tx) => {
        const current = await tx.catalogue.getPublished(code);
        if (current && changedFields(current.item, draft.item).length === 0) throw new ApiProblem('conflict', `草稿与已发布的第 ${current.version} 版相同，无需发布`);
        const { published, previous } = await tx.catalogue.publishDraft(code, by, now);
        await tx.audit.record(
          audit(res, now, 'catalogue.publish', code, {
            changed: changedFields(previous?.item, published.item),
            before: previous ? { version: previous.version, item: previous.item } : null,
            after: { version: published.version, item: published.item },
          }),
        );
      });
    } catch (error) {
      if (!(error instanceof CatalogueDraftConflictError)) throw error;
      throw new ApiProblem(
        'conflict',
        error.baseVersion === null
          ? `事项 ${code} 已由目录文件发布为第 ${error.publishedVersion} 版：请放弃草稿，在已发布的版本上重新修改`
          : `草稿是在第 ${error.baseVersion} 版上修改的，其后已发布第 ${error.publishedVersion ?? '?'} 版：请放弃草稿，在新版本上重新修改`,
      );
    }
    res.json(await itemView(store, code));
  });
}
