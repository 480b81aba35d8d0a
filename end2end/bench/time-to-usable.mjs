// Time to a usable inbox on a slow phone-like profile: Chromium with its CPU slowed
// 4x and a 10 Mbit/s link with 40 ms of latency, both set through the DevTools
// protocol. Measured from the start of navigation to `/inbox` until a click on the
// first chat row has opened that chat (its header is on screen): a row clicked before
// the wasm has taken over is clicked again, as a person would. "Cold" is a browser
// with an empty cache, "warm" the same browser loading the inbox again.
//
//   node end2end/bench/time-to-usable.mjs [base-url] [runs]
// Run by scripts/bench.sh against the release server on a demo database.
import { chromium } from "@playwright/test";

const base = process.argv[2] ?? "http://127.0.0.1:3000";
const runs = Number(process.argv[3] ?? 5);
const ADMIN = { email: "admin@serambi.test", password: "serambi-admin" };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

/** A logged-in context with an empty cache, throttled. */
async function freshPage() {
  const context = await browser.newContext({
    baseURL: base,
    viewport: { width: 1280, height: 800 },
  });
  const login = await context.request.post("/api/auth/login", { data: ADMIN });
  if (!login.ok()) throw new Error(`login: HTTP ${login.status()}`);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 40,
    downloadThroughput: (10 * 1000 * 1000) / 8,
    uploadThroughput: (10 * 1000 * 1000) / 8,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  return { context, page };
}

/** Milliseconds from navigation until the first row's chat is open, with what happened
 *  on the way: when the row was on screen, and how many page loads the clicks caused
 *  (a row clicked before the wasm has taken over is a plain link). */
async function timeToUsable(page) {
  let loads = 0;
  const onLoad = (frame) => {
    if (frame === page.mainFrame()) loads += 1;
  };
  page.on("framenavigated", onLoad);
  const start = performance.now();
  await page.goto("/inbox", { waitUntil: "commit" });
  const row = page.getByTestId("chat-item").first();
  const header = page.getByTestId("chat-header");
  await row.waitFor({ timeout: 60_000 });
  const rowAt = performance.now() - start;
  try {
    for (;;) {
      await row.click({ timeout: 60_000, noWaitAfter: true }).catch(() => {});
      const opened = await header
        .waitFor({ timeout: 150 })
        .then(() => true)
        .catch(() => false);
      if (opened) return { ms: performance.now() - start, rowAt, extraLoads: loads - 1 };
      if (performance.now() - start > 60_000) throw new Error("the chat never opened");
    }
  } finally {
    page.off("framenavigated", onLoad);
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const cold = [];
const warm = [];
const detail = { cold: [], warm: [] };
for (let i = 0; i < runs; i++) {
  const { context, page } = await freshPage();
  for (const [kind, xs] of [
    ["cold", cold],
    ["warm", warm],
  ]) {
    const run = await timeToUsable(page);
    xs.push(run.ms);
    detail[kind].push(run);
  }
  await context.close();
}
const fmt = (xs) =>
  `median ${Math.round(median(xs))} ms, worst ${Math.round(Math.max(...xs))} ms ` +
  `(${xs.map((x) => Math.round(x)).join(", ")})`;
const rows = (kind) =>
  `list on screen after ${fmt(detail[kind].map((r) => r.rowAt))}; ` +
  `page loads caused by the click: ${detail[kind].map((r) => r.extraLoads).join(", ")}`;
console.log(`time to a usable inbox, 4x CPU, 10 Mbit/s, 40 ms: cold ${fmt(cold)}`);
console.log(`  cold: ${rows("cold")}`);
console.log(`time to a usable inbox, 4x CPU, 10 Mbit/s, 40 ms: warm ${fmt(warm)}`);
console.log(`  warm: ${rows("warm")}`);
await browser.close();
