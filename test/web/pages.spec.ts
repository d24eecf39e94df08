import { expect } from 'chai';
import express from 'express';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { PageWithoutHead, withFaviconLink } from '../../web/favicon.js';
import { PAGES, registerPages } from '../../web/pages.js';
import { startWebServer, type RunningWebServer } from '../../web/server.js';
import { ensurePagesBuilt } from '../support/pages.js';

const DIST_OPS = join(import.meta.dirname, '..', '..', 'web', 'dist', 'ops');

/** A GET whose body stays as the server sent it (fetch would decode it). */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

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

  it('should send a hashed chunk compressed to a browser that accepts it, the same bytes once decoded, cached for a year', async () => {
    const chunk = readdirSync(DIST_OPS).find((name) => /^diagram-[A-Z2-7]{8}\.js$/.test(name));
    expect(chunk, 'the ops page has its diagram chunk').to.not.equal(undefined);
    const original = readFileSync(join(DIST_OPS, chunk!));
    for (const [accept, encoding, decode] of [
      ['gzip', 'gzip', gunzipSync],
      ['gzip, deflate, br', 'br', brotliDecompressSync],
    ] as const) {
      const res = await rawGet(`${server.url}/assets/ops/${chunk}`, { 'accept-encoding': accept });
      expect(res.status, accept).to.equal(200);
      expect(res.headers['content-encoding'], accept).to.equal(encoding);
      expect(res.headers['content-type'], accept).to.equal('text/javascript; charset=utf-8');
      expect(res.headers.vary, accept).to.equal('Accept-Encoding');
      expect(res.headers['cache-control'], accept).to.equal('public, max-age=31536000, immutable');
      expect(res.body.length, accept).to.be.lessThan(original.length / 2);
      expect(decode(res.body).equals(original), `${accept}: decoded body is the file`).to.equal(true);
    }
  });

  it('should send the files as they are to a client that accepts no encoding, and the page scripts revalidated', async () => {
    const plain = await rawGet(`${server.url}/assets/ops/main.js`, {});
    expect(plain.status).to.equal(200);
    expect(plain.headers['content-encoding']).to.equal(undefined);
    expect(plain.headers['content-type']).to.equal('text/javascript; charset=utf-8');
    expect(plain.headers.vary).to.equal('Accept-Encoding');
    expect(plain.headers['cache-control']).to.equal('no-cache');
    expect(plain.body.equals(readFileSync(join(DIST_OPS, 'main.js')))).to.equal(true);
    const refused = await rawGet(`${server.url}/assets/ops/main.js`, { 'accept-encoding': 'gzip;q=0, br;q=0' });
    expect(refused.headers['content-encoding']).to.equal(undefined);
    expect(refused.body.equals(plain.body)).to.equal(true);
  });

  it('should send a page compressed too, and answer 404 for a folder or a missing file under /assets', async () => {
    const page = await rawGet(`${server.url}/guide`, { 'accept-encoding': 'gzip' });
    expect(page.status).to.equal(200);
    expect(page.headers['content-encoding']).to.equal('gzip');
    expect(page.headers['content-type']).to.equal('text/html; charset=utf-8');
    expect(gunzipSync(page.body).toString('utf8')).to.equal(readFileSync(join(DIST_OPS, '..', 'guide', 'index.html'), 'utf8'));
    for (const path of ['/assets/ops', '/assets/ops/', '/assets/ops/none.js', '/assets/ops/main.js.map.br', '/assets/%2e%2e/package.json']) {
      expect((await rawGet(`${server.url}${path}`, { 'accept-encoding': 'gzip' })).status, path).to.equal(404);
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
