import { expect, request, test, type Browser, type Page } from "@playwright/test";
import { hydrated, logIn } from "./helpers";

// These run against the second server (5-second escalation timeout), in the
// "realtime" project only.

/** A browser of its own for `email`, logged in, on the inbox. */
async function open(browser: Browser, baseURL: string, email: string, password: string) {
  const context = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await logIn(page, email, password);
  await hydrated(page);
  return page;
}

const ADMIN = "admin@serambi.test";
const ADMIN_PASSWORD = "serambi-admin";

/** Agents 1 and 2 and an admin, each in a browser of their own. */
async function team(browser: Browser, baseURL: string) {
  return {
    one: await open(browser, baseURL, "agent1@serambi.test", "serambi-agent"),
    two: await open(browser, baseURL, "agent2@serambi.test", "serambi-agent"),
    admin: await open(browser, baseURL, ADMIN, ADMIN_PASSWORD),
  };
}

/** A unique customer for this test. */
function customer(tag: string) {
  const n = String(Date.now() % 10_000_000).padStart(7, "0");
  return { number: `0813${n}`, name: `${tag} ${n}` };
}

/** Plays an inbound message to Toko A on the simulator page (admin's browser). */
async function play(admin: Page, who: { number: string; name: string }, text: string) {
  await admin.goto("/dev/simulator");
  await hydrated(admin);
  await admin.getByLabel("Dari nomor").fill(who.number);
  await admin.getByLabel("Nama profil WhatsApp").fill(who.name);
  await admin.getByLabel("Ke akun").selectOption("acc-001");
  await admin.getByLabel("Pesan").fill(text);
  await admin.getByRole("button", { name: "Kirim pesan masuk" }).click();
  await expect(admin.getByRole("status")).toHaveText("Pesan masuk terkirim.");
}

const row = (page: Page, name: string) =>
  page.getByTestId("chat-item").filter({ hasText: name });

/** Which of two agents' inboxes shows `name` (exactly one must). */
async function ownerOf(a: Page, b: Page, name: string): Promise<[Page, Page]> {
  await expect
    .poll(async () => (await row(a, name).count()) + (await row(b, name).count()))
    .toBe(1);
  return (await row(a, name).count()) === 1 ? [a, b] : [b, a];
}

test.beforeAll(async ({ playwright }, testInfo) => {
  // Leads go round agents 1 and 2 only, so an escalation always lands on the other.
  const api = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL });
  const login = await api.post("/api/auth/login", {
    data: { email: ADMIN, password: ADMIN_PASSWORD },
  });
  expect(login.ok()).toBeTruthy();
  const agents = await (await api.get("/api/agents")).json();
  const third = agents.find((a: { email: string }) => a.email === "agent3@serambi.test");
  const res = await api.put(`/api/agents/${third.id}`, { data: { available: false } });
  expect(res.ok()).toBeTruthy();
  await api.dispose();
});

test("a new lead appears live, counts down, and moves to the other agent when nobody answers", async ({
  browser,
}, testInfo) => {
  const { one, two, admin } = await team(browser, String(testInfo.project.use.baseURL));
  const who = customer("Eskalasi");

  await play(admin, who, "Halo, ada yang bisa bantu?");
  // Neither agent reloads: the lead arrives by itself.
  const [owner, other] = await ownerOf(one, two, who.name);
  const clock = row(owner, who.name).getByTestId("countdown");
  await expect(clock).toBeVisible();
  const first = await clock.textContent();
  await expect.poll(() => clock.textContent()).not.toBe(first);
  await owner.screenshot({ path: testInfo.outputPath("countdown.png") });

  // Five seconds without an answer: it leaves the owner and reaches the other agent,
  // with a fresh timer.
  await expect(row(owner, who.name)).toHaveCount(0, { timeout: 15_000 });
  await expect(row(other, who.name)).toHaveCount(1);
  await expect(row(other, who.name).getByTestId("countdown")).toBeVisible();
  await other.screenshot({ path: testInfo.outputPath("escalated.png") });
});

/** Sets the escalation's working hours on the realtime server: `closed` stops every
 * lead's clock (no day has hours), so a test can act at its own pace. */
async function clocksStopped(baseURL: string, closed: boolean) {
  const api = await request.newContext({ baseURL });
  const login = await api.post("/api/auth/login", { data: { email: ADMIN, password: ADMIN_PASSWORD } });
  expect(login.ok()).toBeTruthy();
  const res = await api.put("/api/settings", {
    data: {
      escalation: {
        workingHours: { enabled: closed, timeZone: "Asia/Jakarta", days: [null, null, null, null, null, null, null] },
      },
    },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
  await api.dispose();
}

test("a reply in time locks the lead in every browser and it never moves", async ({
  browser,
}, testInfo) => {
  const baseURL = String(testInfo.project.use.baseURL);
  const { one, two, admin } = await team(browser, baseURL);
  const watcher = await open(browser, baseURL, ADMIN, ADMIN_PASSWORD);
  const who = customer("Terkunci");

  // "In time" must not depend on how fast this machine clicks and types: the clocks
  // stand still (outside working hours) until the reply is in.
  await clocksStopped(baseURL, true);
  let owner: Page;
  let other: Page;
  try {
    await play(admin, who, "Mau pesan dua");
    [owner, other] = await ownerOf(one, two, who.name);
    await row(owner, who.name).getByRole("link").click();
    await owner.getByTestId("composer-input").fill("Siap kak, saya bantu");
    await owner.getByTestId("composer-input").press("Enter");

    await expect(owner.getByTestId("header-clock").getByTestId("lead-lock")).toBeVisible();
    await expect(row(owner, who.name).getByTestId("lead-lock")).toBeVisible();
    // Another browser watching the whole inbox sees the lock arrive too.
    await expect(row(watcher, who.name).getByTestId("lead-lock")).toBeVisible();
    await owner.screenshot({ path: testInfo.outputPath("locked.png") });
  } finally {
    await clocksStopped(baseURL, false);
  }

  // A lead that came after it and that nobody answers escalates: the locked lead's
  // deadline has passed too (the escalation worker has run past it), and it is still
  // the owner's.
  const later = customer("Penanda");
  await play(admin, later, "Halo? ada orang?");
  const [laterOwner, laterOther] = await ownerOf(one, two, later.name);
  await expect(row(laterOther, later.name)).toHaveCount(1, { timeout: 20_000 });
  await expect(row(laterOwner, later.name)).toHaveCount(0);
  await expect(row(owner, who.name)).toHaveCount(1);
  await expect(row(other, who.name)).toHaveCount(0);
});

test("a dropped connection shows it is reconnecting and then delivers what it missed", async ({
  browser,
}, testInfo) => {
  const baseURL = String(testInfo.project.use.baseURL);
  const watcher = await open(browser, baseURL, ADMIN, ADMIN_PASSWORD);
  const admin = await open(browser, baseURL, ADMIN, ADMIN_PASSWORD);

  // Route the watcher's socket through the test, to cut it and hold it down.
  let down = false;
  const urls: string[] = [];
  const frames: string[] = [];
  const sockets: { close: () => Promise<void> }[] = [];
  await watcher.routeWebSocket(/\/ws/, (ws) => {
    urls.push(ws.url());
    if (down) {
      ws.close();
      return;
    }
    const server = ws.connectToServer();
    server.onMessage((message) => {
      frames.push(String(message));
      ws.send(message);
    });
    sockets.push(ws);
  });
  await watcher.reload();
  await hydrated(watcher);
  await expect(watcher.getByTestId("connection-status")).toHaveAttribute("data-state", "live");

  // Cut it, and keep it down while two customers write.
  down = true;
  await sockets[sockets.length - 1].close();
  await expect(watcher.getByTestId("connection-status")).toHaveText("Menyambung ulang…");
  await watcher.screenshot({ path: testInfo.outputPath("reconnecting.png") });
  const first = customer("Terputus A");
  await play(admin, first, "pesan saat terputus 1");
  const second = customer("Terputus B");
  await play(admin, second, "pesan saat terputus 2");

  // Back up: it resumes from the last event it saw and gets both, by itself.
  const before = frames.length;
  down = false;
  await expect(watcher.getByTestId("connection-status")).toHaveAttribute("data-state", "live", {
    timeout: 20_000,
  });
  expect(urls[urls.length - 1]).toMatch(/since=\d+/);
  await expect
    .poll(() =>
      frames
        .slice(before)
        .filter((f) => f.includes("inbox:new-message"))
        .map((f) => JSON.parse(f).payload.message.body),
    )
    .toEqual(expect.arrayContaining(["pesan saat terputus 1", "pesan saat terputus 2"]));
  await expect(row(watcher, first.name)).toHaveCount(1);
  await expect(row(watcher, second.name)).toHaveCount(1);
});

test("logging out in one tab takes the other to the login page at once", async ({
  browser,
}, testInfo) => {
  const baseURL = String(testInfo.project.use.baseURL);
  const desk = await open(browser, baseURL, "agent2@serambi.test", "serambi-agent");
  await expect(desk.getByTestId("connection-status")).toHaveAttribute("data-state", "live");
  // A second tab of the same browser (same cookie) logs out.
  const tab = await desk.context().newPage();
  const out = await tab.request.post(`${baseURL}/api/auth/logout`);
  expect(out.status()).toBe(204);
  // The server ends the first tab's connection with `session:ended`; it goes to login.
  await expect(desk).toHaveURL(/\/login/, { timeout: 10_000 });
});

test("screen readers hear new messages and the countdown's thresholds, politely, never the seconds", async ({
  browser,
}, testInfo) => {
  const { one, two, admin } = await team(browser, String(testInfo.project.use.baseURL));
  const who = customer("Didengar");

  await play(admin, who, "Halo, stok ada?");
  const [owner, other] = await ownerOf(one, two, who.name);
  // A new lead is not on the list yet when it is announced: no name, the text.
  const announcer = owner.getByTestId("announcer");
  await expect(announcer).toHaveAttribute("aria-live", "polite");
  await expect(announcer).toHaveText("Pesan baru: Halo, stok ada?");

  // Every text the chat's countdown region says, in order.
  await owner.evaluate(() => {
    const w = window as unknown as { heard: string[] };
    w.heard = [];
    new MutationObserver(() => {
      const said = document.querySelector("[data-testid=chat-header] [data-testid=countdown-announce]")?.textContent ?? "";
      if (said && w.heard[w.heard.length - 1] !== said) w.heard.push(said);
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  await row(owner, who.name).getByRole("link").click();
  const header = owner.getByTestId("chat-header");
  await expect(header.getByTestId("countdown")).toBeVisible();
  await expect(header.getByTestId("countdown-announce")).toHaveAttribute("aria-live", "polite");
  // The ticking clock itself is not in a live region.
  expect(await header.getByTestId("countdown").evaluate((e) => e.closest("[aria-live]") === null)).toBe(true);
  // Five seconds: under one minute from the start, then time is up.
  await expect
    .poll(() => owner.evaluate(() => (window as unknown as { heard: string[] }).heard), { timeout: 15_000 })
    .toEqual(expect.arrayContaining(["Kurang dari 1 menit sebelum eskalasi", "Waktu habis: lead dieskalasi"]));
  const heard = await owner.evaluate(() => (window as unknown as { heard: string[] }).heard);
  expect(heard.indexOf("Kurang dari 1 menit sebelum eskalasi")).toBeLessThan(heard.indexOf("Waktu habis: lead dieskalasi"));
  expect(heard.some((s) => /\d\d:\d\d/.test(s)), `no seconds read out: ${heard}`).toBe(false);

  // The lead moved to the other agent, who has it on the list: the customer's name.
  await expect(row(other, who.name)).toHaveCount(1, { timeout: 15_000 });
  await play(admin, who, "Jadi bisa kirim hari ini?");
  await expect(other.getByTestId("announcer")).toHaveText(`Pesan baru dari ${who.name}: Jadi bisa kirim hari ini?`);
});
