import { expect, test, type CDPSession, type Page } from "@playwright/test";
import { hydrated, logIn } from "./helpers";

const IMMUTABLE = "public, max-age=31536000, immutable";

/** The hashed `/pkg/…` addresses a page links to, by extension. */
async function pkgFiles(html: string): Promise<{ wasm: string; js: string; css: string }> {
  const wasm = html.match(/\/pkg\/[\w.-]+\.wasm/)?.[0];
  const js = html.match(/\/pkg\/[\w.-]+\.js/)?.[0];
  const css = html.match(/\/pkg\/[\w.-]+\.css/)?.[0];
  expect(wasm, "the page links its wasm").toBeTruthy();
  expect(js, "the page links its js").toBeTruthy();
  expect(css, "the page links its stylesheet").toBeTruthy();
  return { wasm: wasm!, js: js!, css: css! };
}

test("the browser code is served precompressed, under hashed names, cached for a year", async ({
  request,
}) => {
  const page = await request.get("/login", { headers: { "Accept-Encoding": "br" } });
  expect(page.headers()["content-encoding"], "HTML is compressed on the fly").toBe("br");
  const { wasm, js, css } = await pkgFiles(await page.text());
  // A content hash in the name: `serambi.<hash>.wasm`.
  expect(wasm).toMatch(/\/pkg\/serambi\.[\w-]{8,}\.wasm$/);

  const plain = await request.get(wasm, { headers: { "Accept-Encoding": "identity" } });
  expect(plain.status()).toBe(200);
  expect(plain.headers()["content-encoding"]).toBeUndefined();
  const rawBytes = Number(plain.headers()["content-length"]);

  for (const encoding of ["br", "gzip"]) {
    for (const file of [wasm, js, css]) {
      const res = await request.get(file, { headers: { "Accept-Encoding": encoding } });
      expect(res.status(), file).toBe(200);
      expect(res.headers()["content-encoding"], `${file} as ${encoding}`).toBe(encoding);
      expect(res.headers()["cache-control"], file).toBe(IMMUTABLE);
    }
  }
  const style = await request.get(css);
  expect(style.headers()["content-type"]).toContain("text/css");
  const br = await request.get(wasm, { headers: { "Accept-Encoding": "br" } });
  expect(br.headers()["content-type"]).toBe("application/wasm");
  expect(Number(br.headers()["content-length"])).toBeLessThan(rawBytes / 2);

  // A name that does not exist is not cached at all.
  const missing = await request.get("/pkg/serambi.0000000000.wasm");
  expect(missing.status()).toBe(404);
  expect(missing.headers()["cache-control"]).toBeUndefined();

  // JSON is compressed on the fly too.
  const json = await request.get("/api/openapi.json", { headers: { "Accept-Encoding": "gzip" } });
  expect(json.headers()["content-encoding"]).toBe("gzip");
});

/**
 * The most the inbox's code (wasm, JavaScript and stylesheet, compressed as sent, with
 * headers) may weigh on a first visit. It is the size measured when it was set plus a
 * little room, so growth fails here and is a decision, not a drift; the README gives
 * the aim (300 KB) and why the bundle is not there yet.
 */
const CODE_BUDGET = 600_000;

/** Counts what a page load takes from the network (not from the browser's cache). */
class NetworkLog {
  private cached = new Set<string>();
  private urls = new Map<string, string>();
  /** Wasm responses that came over the network. */
  wasmFetched: string[] = [];
  /** Bytes received over the network, compressed as sent. */
  bytes = 0;
  /** The same bytes by kind: the code (`wasm`, `js`, `css`) and everything else. */
  byKind: Record<string, number> = {};

  constructor(cdp: CDPSession) {
    cdp.on("Network.requestServedFromCache", (e) => this.cached.add(e.requestId));
    cdp.on("Network.responseReceived", (e) => {
      this.urls.set(e.requestId, e.response.url);
      const fromCache =
        this.cached.has(e.requestId) ||
        e.response.fromDiskCache ||
        e.response.fromPrefetchCache ||
        e.response.fromServiceWorker;
      if (e.response.url.includes(".wasm") && !fromCache) this.wasmFetched.push(e.response.url);
    });
    cdp.on("Network.loadingFinished", (e) => {
      this.bytes += e.encodedDataLength;
      const path = new URL(this.urls.get(e.requestId) ?? "http://x/").pathname;
      const kind = /\.(wasm|js|css)$/.exec(path)?.[1] ?? "page and data";
      this.byKind[kind] = (this.byKind[kind] ?? 0) + e.encodedDataLength;
    });
  }

  reset() {
    this.wasmFetched = [];
    this.bytes = 0;
    this.byKind = {};
  }
}

async function visitInbox(page: Page) {
  await page.goto("/inbox");
  await hydrated(page);
  await expect(page.getByTestId("chat-item").first()).toBeVisible();
}

test("a second visit to the inbox fetches no wasm", async ({ page }, testInfo) => {
  await logIn(page, "agent1@serambi.test", "serambi-agent");
  // A fresh context: the login page already cached the code, so start over in one
  // that has the session cookie but an empty cache.
  const context = await page.context().browser()!.newContext({
    storageState: await page.context().storageState(),
    viewport: page.viewportSize(),
  });
  const fresh = await context.newPage();
  const cdp = await context.newCDPSession(fresh);
  await cdp.send("Network.enable");
  const log = new NetworkLog(cdp);

  await visitInbox(fresh);
  expect(log.wasmFetched.length, "the first visit downloads the wasm").toBeGreaterThan(0);
  // The admin pages' code is split into files of its own that the inbox never asks for.
  expect(
    log.wasmFetched.filter((u) => /\/pkg\/(split_|chunk_)/.test(u)),
    "an agent's inbox downloads no admin code",
  ).toEqual([]);
  const firstVisit = log.bytes;
  const code = (log.byKind.wasm ?? 0) + (log.byKind.js ?? 0) + (log.byKind.css ?? 0);
  const breakdown = Object.entries(log.byKind)
    .map(([kind, bytes]) => `${kind} ${bytes} B`)
    .join(", ");
  console.log(`[${testInfo.project.name}] /inbox first visit by kind: ${breakdown}`);
  expect(code, `the inbox's code on a first visit (${breakdown})`).toBeLessThan(CODE_BUDGET);

  log.reset();
  await visitInbox(fresh);
  expect(log.wasmFetched, "the second visit takes the wasm from the cache").toEqual([]);
  const secondVisit = log.bytes;
  expect(secondVisit).toBeLessThan(firstVisit);
  testInfo.annotations.push({
    type: "bytes",
    description: `/inbox first visit ${firstVisit} B, second visit ${secondVisit} B`,
  });
  console.log(`[${testInfo.project.name}] /inbox first visit ${firstVisit} B, second ${secondVisit} B`);
  await context.close();
});
