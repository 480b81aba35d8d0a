import { expect, test, type Browser, type Page } from "@playwright/test";
import { hydrated, logIn, openFilters } from "./helpers";

const ADMIN = ["admin@serambi.test", "serambi-admin"] as const;
const AGENTS = ["agent1@serambi.test", "agent2@serambi.test", "agent3@serambi.test"];

/** A browser of its own for `email`, logged in, on the inbox, at the test's size. */
async function open(browser: Browser, email: string, password: string, use: Page) {
  const context = await browser.newContext({
    baseURL: test.info().project.use.baseURL,
    viewport: use.viewportSize() ?? { width: 1440, height: 900 },
  });
  const page = await context.newPage();
  await logIn(page, email, password);
  await hydrated(page);
  return page;
}

/** A customer number and name no other test uses. */
function customer(tag: string) {
  const n = String((Date.now() + Math.floor(Math.random() * 1000)) % 10_000_000).padStart(7, "0");
  return { number: `0813${n}`, name: `${tag} ${n}` };
}

/** Plays an inbound message to Toko A on the simulator page. */
async function play(page: Page, who: { number: string; name: string }, text: string) {
  await page.goto("/dev/simulator");
  await hydrated(page);
  await page.getByLabel("Dari nomor").fill(who.number);
  await page.getByLabel("Nama profil WhatsApp").fill(who.name);
  await page.getByLabel("Ke akun").selectOption("acc-001");
  await page.getByLabel("Pesan").fill(text);
  await page.getByRole("button", { name: "Kirim pesan masuk" }).click();
  await expect(page.getByRole("status")).toHaveText("Pesan masuk terkirim.");
}

const row = (page: Page, name: string) =>
  page.getByTestId("chat-item").filter({ hasText: name });

/** Wasm chunks split off the main bundle (the admin pages' code). */
const isChunk = (url: string) => /\/pkg\/(split_|chunk_)[^/]*\.wasm/.test(url);

test("the inbox's first load fetches no admin code; an admin page fetches its own", async ({
  page,
}) => {
  const fetched: string[] = [];
  page.on("request", (r) => fetched.push(r.url()));
  await logIn(page, ...ADMIN);
  await hydrated(page);
  await expect(page.getByTestId("chat-item").first()).toBeVisible();
  expect(fetched.filter(isChunk)).toEqual([]);
  expect(fetched.some((u) => /\/pkg\/.*\.wasm/.test(u))).toBeTruthy();

  await page.goto("/admin/labels");
  await hydrated(page);
  await expect(page.getByTestId("label-list")).toBeVisible();
  expect(fetched.filter(isChunk).length).toBeGreaterThan(0);
});

test("an agent opening an admin page is told it is for admins", async ({ page }, testInfo) => {
  await logIn(page, AGENTS[0], "serambi-agent");
  for (const path of ["/admin/spam", "/admin/auto-reply"]) {
    const res = await page.goto(path);
    expect(res?.status()).toBe(403);
    await hydrated(page);
    await expect(page.getByTestId("not-allowed")).toBeVisible();
    await expect(page.getByRole("link", { name: "Kembali ke Kotak Masuk" })).toBeVisible();
  }
  await page.screenshot({ path: testInfo.outputPath("not-allowed.png") });
  // The pages an agent may use open normally, with only those in the navigation.
  await page.goto("/admin/labels");
  await hydrated(page);
  await expect(page.getByTestId("label-list")).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Admin" });
  await expect(nav.getByRole("link", { name: "Filter spam" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Notifikasi" })).toBeVisible();
});

test("a spam keyword blocks a message, and restoring it puts it in its owner's inbox live", async ({
  page,
  browser,
}, testInfo) => {
  await logIn(page, ...ADMIN);
  await page.goto("/admin/spam");
  await hydrated(page);
  const keyword = `promo gratis ${testInfo.project.name}`;
  await page.getByTestId("new-keyword").fill(keyword);
  await page.getByRole("button", { name: "Tambah" }).click();
  await expect(page.getByTestId("keyword").filter({ hasText: keyword })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("spam-page.png") });

  const agents = await Promise.all(AGENTS.map((a) => open(browser, a, "serambi-agent", page)));
  const who = customer("Spam");
  await play(page, who, `PROMO GRATIS ${testInfo.project.name.toUpperCase()} hari ini!`);

  await page.goto("/admin/spam");
  await hydrated(page);
  const entry = page.getByTestId("blocked-entry").filter({ hasText: who.name });
  await expect(entry).toBeVisible();
  await expect(entry).toContainText(keyword);
  for (const agent of agents) await expect(row(agent, who.name)).toHaveCount(0);

  await entry.getByRole("button", { name: "Pulihkan ke Inbox" }).click();
  await expect(entry).toHaveCount(0);
  // The restored message opens a new lead: exactly one agent sees it, without a reload.
  await expect
    .poll(async () => {
      let n = 0;
      for (const agent of agents) n += await row(agent, who.name).count();
      return n;
    })
    .toBe(1);
  for (const agent of agents) await agent.context().close();
});

test("labels are created, put on a chat from its row, and filter the list", async ({
  page,
}, testInfo) => {
  await logIn(page, ...ADMIN);
  await page.goto("/admin/labels");
  await hydrated(page);
  const name = `VIP ${testInfo.project.name}`;
  await page.getByLabel("Nama label baru").fill(name);
  await page.getByRole("button", { name: "#2563eb" }).click();
  await page.getByRole("button", { name: "+ Buat Label" }).click();
  const created = page.getByTestId("label-row").filter({ hasText: name });
  await expect(created).toBeVisible();
  await expect(created.getByTestId("chat-count")).toHaveText("0 chat");
  await page.screenshot({ path: testInfo.outputPath("labels-page.png") });

  await page.goto("/inbox");
  await hydrated(page);
  const first = page.getByTestId("chat-item").first();
  const title = (await first.getAttribute("data-thread-id")) ?? "";
  await first.getByTestId("label-menu-button").click();
  await page.getByTestId("label-menu").getByRole("menuitemcheckbox", { name: name }).click();
  await expect(page.locator(`[data-thread-id="${title}"]`).getByText(name)).toBeVisible();

  await (await openFilters(page)).getByTestId("label-filter").filter({ hasText: name }).click();
  await expect(page.getByTestId("chat-item")).toHaveCount(1);
  await expect(page.getByTestId("chat-item").first()).toHaveAttribute("data-thread-id", title);

  await page.goto("/admin/labels");
  await hydrated(page);
  await expect(
    page.getByTestId("label-row").filter({ hasText: name }).getByTestId("chat-count"),
  ).toHaveText("1 chat");
});

test("a person writing after an auto-reply raises an alert that opens the chat", async ({
  page,
  browser,
}, testInfo) => {
  await logIn(page, ...ADMIN);
  const agents = await Promise.all(AGENTS.map((a) => open(browser, a, "serambi-agent", page)));
  const who = customer("Personal");
  await play(page, who, "Pesan sudah diterima, admin kami sedang offline.");
  let owner: Page | undefined;
  await expect
    .poll(async () => {
      for (const agent of agents) if ((await row(agent, who.name).count()) > 0) owner = agent;
      return owner !== undefined;
    })
    .toBeTruthy();
  const count = owner!.getByTestId("notification-count");
  const before = (await count.count()) ? Number(await count.textContent()) : 0;
  await play(page, who, "Halo kak, saya mau pesan 3 lusin kaos");

  const toast = owner!.getByTestId("personal-toast");
  await expect(toast).toContainText(`Pesan Personal dari ${who.name}`);
  await expect(owner!.getByTestId("notification-count")).toHaveText(String(before + 1));
  await owner!.screenshot({ path: testInfo.outputPath("personal-toast.png") });
  await toast.getByRole("link", { name: "Lihat Chat" }).click();
  await expect(owner!.getByTestId("chat-title")).toHaveText(who.name);

  await owner!.getByTestId("notification-bell").click();
  const notice = owner!.getByTestId("notification").filter({ hasText: who.name });
  await notice.getByRole("button", { name: "Dismiss" }).click();
  if (before === 0) {
    await expect(owner!.getByTestId("notification-count")).toHaveCount(0);
  } else {
    await expect(owner!.getByTestId("notification-count")).toHaveText(String(before));
  }
  await owner!.goto("/admin/notifications");
  await hydrated(owner!);
  await expect(owner!.getByTestId("notification").filter({ hasText: who.name })).toBeVisible();
  await owner!.screenshot({ path: testInfo.outputPath("notifications-page.png") });
  for (const agent of agents) await agent.context().close();
});

test("an admin tries a message against the auto-reply patterns and the spam filter", async ({
  page,
}, testInfo) => {
  await logIn(page, ...ADMIN);
  await page.goto("/admin/auto-reply");
  await hydrated(page);
  await expect(page.getByTestId("patterns")).toHaveValue(/auto\.\?reply/);
  await page.getByTestId("preview-text").fill("Balasan otomatis: kami sedang libur sampai Senin");
  await page.getByRole("button", { name: "Periksa" }).click();
  const result = page.getByTestId("preview-result");
  await expect(result).toContainText("🤖");
  await expect(result).toContainText("balasan otomatis");
  await expect(result).toContainText("Diblokir filter spam");
  await page.screenshot({ path: testInfo.outputPath("auto-reply-page.png") });

  // A pattern that would flag every message is refused with the reason.
  await page.getByTestId("patterns").fill(".*");
  await page.getByRole("button", { name: "Simpan" }).click();
  await expect(page.getByRole("alert")).toContainText("teks apa pun");
});

test("an admin change shows in the audit trail, which filters by kind and by person", async ({
  page,
}, testInfo) => {
  await logIn(page, ...ADMIN);
  // A label renamed on its page: one create and one update in the trail.
  await page.goto("/admin/labels");
  await hydrated(page);
  const name = `Audit ${testInfo.project.name} ${Date.now() % 100_000}`;
  await page.getByLabel("Nama label baru").fill(name);
  await page.getByRole("button", { name: "+ Buat Label" }).click();
  await expect(page.getByTestId("label-row").filter({ hasText: name })).toBeVisible();

  await page.goto("/admin/audit");
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Jejak audit" })).toBeVisible();
  const rows = page.getByTestId("audit-row");
  const mine = rows.filter({ hasText: name });
  await expect(mine.first()).toBeVisible();
  await expect(mine.first()).toContainText("Admin Serambi");
  await expect(mine.first()).toContainText("Label");
  await expect(mine.first()).toContainText("dibuat");
  await expect(mine.first().getByTestId("audit-after")).toContainText(name);

  // Only labels: every row is one.
  await page.getByTestId("audit-kind").selectOption("label");
  await expect(rows.first()).toBeVisible();
  for (const text of await rows.allInnerTexts()) expect(text).toContain("Label");
  // An agent changes no settings: nothing by them.
  await page.getByTestId("audit-actor").selectOption({ label: "Citra Wulandari" });
  await expect(rows).toHaveCount(0);
  await expect(page.getByText("Belum ada perubahan.")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("audit.png"), fullPage: true });
});
