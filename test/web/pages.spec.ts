import { expect } from 'chai';
import express from 'express';
import { PageWithoutHead, withFaviconLink } from '../../web/favicon.js';
import { PAGES, registerPages } from '../../web/pages.js';
import { startWebServer, type RunningWebServer } from '../../web/server.js';
import { ensurePagesBuilt } from '../support/pages.js';

describe('web/pages', function () {
  this.timeout(120_000);
  let server: RunningWebServer;

  before(async () => {
    await ensurePagesBuilt();
    // a user with every role any page asks for: each page answers its html
    const everyRole = [...new Set(PAGES.flatMap((p) => p.roles ?? ['window-clerk']))];
    const app = express();
    registerPages(app, (_req, _res, next) => next(), () => ({ roles: everyRole, mustChangePassword: false }));
    server = await startWebServer(app, 0, '127.0.0.1');
  });
  after(async () => {
    await server?.close();
  });

  it('should serve every registered page with a link to the icon, and the icon itself', async () => {
    expect(PAGES.length).to.be.greaterThan(10);
    for (const { path } of PAGES) {
      const res = await fetch(`${server.url}${path.replace(/:\w+/g, 'MZ-20261102-0001')}`);
      expect(res.status, path).to.equal(200);
      const html = await res.text();
      const link = /<link rel="icon" href="([^"]+)" type="image\/svg\+xml" \/>/.exec(html);
      expect(link, `${path} links the icon`).to.not.equal(null);
      expect(html.indexOf(link![0]), `${path}: the link is in the head`).to.be.lessThan(html.indexOf('</head>'));
      const icon = await fetch(`${server.url}${link![1]}`);
      expect(icon.status, `${path}: ${link![1]}`).to.equal(200);
      expect(icon.headers.get('content-type')).to.match(/^image\/svg\+xml/);
    }
  });

  it('should answer /favicon.ico with the same icon', async () => {
    const ico = await fetch(`${server.url}/favicon.ico`);
    const svg = await fetch(`${server.url}/favicon.svg`);
    expect(ico.status).to.equal(200);
    expect(ico.headers.get('content-type')).to.match(/^image\/svg\+xml/);
    const mark = await ico.text();
    expect(mark).to.match(/^<svg /).and.to.contain('县政务服务中心');
    expect(mark).to.equal(await svg.text());
  });

  it('should add the link at the end of the head once, and refuse a page without a head', () => {
    const page = '<!doctype html>\n<html>\n  <head>\n    <title>x</title>\n  </head>\n  <body></body>\n</html>\n';
    const linked = withFaviconLink('x', page);
    expect(linked).to.equal('<!doctype html>\n<html>\n  <head>\n    <title>x</title>\n    <link rel="icon" href="/favicon.svg" type="image/svg+xml" />\n  </head>\n  <body></body>\n</html>\n');
    expect(withFaviconLink('x', linked)).to.equal(linked);
    expect(() => withFaviconLink('broken', '<html><body></body></html>')).to.throw(PageWithoutHead, 'web/pages/broken/index.html');
  });
});
