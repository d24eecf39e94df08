/** The viewer module, once a page asked for it; forgotten when its download failed, so the next ask tries again. */
let loading: Promise<typeof import('./form-viewer.js')> | undefined;

/** What a page says when the viewer could not be downloaded. */
export class FormViewerUnavailable extends Error {
  constructor() {
    super('表单组件未能下载，请检查网络后刷新页面');
  }
}

/**
 * form-js's viewer (form-viewer.ts), downloaded the first time a page asks: a page starts this as
 * it starts fetching the form it will show, so both arrive together.
 */
export function loadFormViewer(): Promise<typeof import('./form-viewer.js')> {
  loading ??= import('./form-viewer.js').catch(() => {
    loading = undefined;
    throw new FormViewerUnavailable();
  });
  return loading;
}
