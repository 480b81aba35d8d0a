import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { hydrated, logIn } from "./helpers";

// These run on the team server (playwright.config.ts): Twilio credentials, a fake
// Twilio on loopback, and a database of its own that a test may age by hand.
const ADMIN = ["admin@serambi.test", "serambi-admin"] as const;
const TWILIO_TOKEN = "e2e-twilio-token";
const TWILIO_ACCOUNT = { id: "tw-e2e", name: "Toko Twilio", number: "6281299990001" };
const fakeTwilio = process.env.SERAMBI_E2E_FAKE_TWILIO!;
const teamDb = process.env.SERAMBI_E2E_TEAM_DB!;

/** A number and a name no other test (or earlier run of this one) uses. */
function customer(tag: string) {
  const n = String((Date.now() + Math.floor(Math.random() * 1000)) % 10_000_000).padStart(7, "0");
  return { digits: `62813${n}`, name: `${tag} ${n}` };
}

/** Creates a template through the API and returns its id. */
async function template(request: APIRequestContext, body: object): Promise<number> {
  const res = await request.post("/api/templates", { data: body });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).id;
}

/** Plays an inbound message to `account` (Toko A by default) on the simulator page. */
async function play(page: Page, who: { digits: string; name: string }, text: string, account = "acc-001") {
  await page.goto("/dev/simulator");
  await hydrated(page);
  await page.getByLabel("Dari nomor").fill(`+${who.digits}`);
  await page.getByLabel("Nama profil WhatsApp").fill(who.name);
  await page.getByLabel("Ke akun").selectOption(account);
  await page.getByLabel("Pesan").fill(text);
  await page.getByRole("button", { name: "Kirim pesan masuk" }).click();
  await expect(page.getByRole("status")).toHaveText("Pesan masuk terkirim.");
}

/** Posts a webhook signed the way Twilio signs it (HMAC-SHA1 over URL and sorted form). */
async function twilioWebhook(request: APIRequestContext, baseURL: string, params: Record<string, string>) {
  const url = `${baseURL}/api/whatsapp/webhook`;
  const signed = Object.keys(params)
    .sort()
    .reduce((acc, k) => acc + k + params[k], url);
  const signature = createHmac("sha1", TWILIO_TOKEN).update(signed).digest("base64");
  const res = await request.post(url, { form: params, headers: { "X-Twilio-Signature": signature } });
  expect(res.status(), await res.text()).toBe(200);
}

/** Makes sure the Twilio account exists (an earlier test, or this one on the other
 * size, may have created it already). Needs an admin's session. */
async function twilioAccount(request: APIRequestContext) {
  const account = await request.post("/api/whatsapp/sessions", {
    data: {
      id: TWILIO_ACCOUNT.id,
      name: TWILIO_ACCOUNT.name,
      phoneNumber: `+${TWILIO_ACCOUNT.number}`,
      provider: "twilio",
    },
  });
  expect([201, 409]).toContain(account.status());
}

type Sent = { account: string; form: [string, string][] };

/** What the fake Twilio received for `digits`, in order. */
async function sendsTo(digits: string): Promise<Sent[]> {
  const all: Sent[] = await (await fetch(`${fakeTwilio}/requests`)).json();
  return all.filter((r) => r.form.some(([k, v]) => k === "To" && v === `whatsapp:+${digits}`));
}

/** Moves the customer's last message two days back: WhatsApp's window is closed. */
function ageThread(threadId: string) {
  const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
  // Only the date changes; the stored text keeps the format the server wrote.
  const sql =
    `UPDATE threads SET last_inbound_at = '${twoDaysAgo}' || substr(last_inbound_at, 11) ` +
    `WHERE id = '${threadId}';`;
  execFileSync("sqlite3", ["-cmd", ".timeout 5000", teamDb, sql]);
}

test("/ in the composer inserts a template with the contact's name filled", async ({ page }) => {
  await logIn(page, ...ADMIN);
  const who = customer("Tamu");
  const title = `Sapa ${who.digits.slice(-5)}`;
  const shortcut = `sapa${who.digits.slice(-5)}`;
  const id = await template(page.request, {
    title,
    body: "Halo {{nama}}, terima kasih sudah menghubungi {{toko}}!",
    shortcut,
  });
  await play(page, who, "Halo, stok masih ada?");
  await page.goto(`/inbox?thread=acc-001:${who.digits}`);
  await hydrated(page);
  await expect(page.getByTestId("chat-title")).toHaveText(who.name);

  const input = page.getByTestId("composer-input");
  await input.pressSequentially(`/${shortcut.slice(0, 8)}`);
  const picker = page.getByTestId("template-picker");
  await expect(picker).toBeVisible();
  await expect(picker.getByTestId("template-option").first()).toContainText(title);
  await input.press("Enter");
  await expect(picker).toBeHidden();
  const filled = `Halo ${who.name}, terima kasih sudah menghubungi Toko A!`;
  await expect(input).toHaveValue(filled);
  // The agent may edit before sending.
  await input.press("End");
  await input.pressSequentially(" 🙏");
  await input.press("Enter");
  await expect(page.getByTestId("message").filter({ hasText: `${filled} 🙏` })).toBeVisible();

  // The server recorded the template it came from.
  const res = await page.request.get(`/api/inbox/chats/acc-001:${who.digits}/messages`);
  const sent = (await res.json()).items.find((m: { body: string }) => m.body === `${filled} 🙏`);
  expect(sent?.templateId).toBe(id);
  // The ⚡ button opens the same picker; Esc closes it.
  await page.getByTestId("template-button").click();
  await expect(picker).toBeVisible();
  await input.press("Escape");
  await expect(picker).toBeHidden();
});

test("outside the 24-hour window only approved templates are offered, and one is sent as ContentSid", async ({
  page,
  baseURL,
}, testInfo) => {
  await logIn(page, ...ADMIN);
  await twilioAccount(page.request);
  const who = customer("Lama");
  const tag = who.digits.slice(-5);
  const contentSid = `HX${tag}${"0".repeat(27)}`;
  await template(page.request, {
    title: `Follow up ${tag}`,
    body: "Halo {{nama}}, ini {{agen}} dari {{toko}}. Masih tertarik?",
    contentSid,
    contentVariables: { "1": "{{nama}}", "2": "{{toko}}" },
  });
  await template(page.request, { title: `Biasa ${tag}`, body: "Halo {{nama}}" });
  await twilioWebhook(page.request, baseURL!, {
    MessageSid: `SM${tag}${"1".repeat(27)}`,
    AccountSid: "ACe2e00000000000000000000000000",
    From: `whatsapp:+${who.digits}`,
    To: `whatsapp:+${TWILIO_ACCOUNT.number}`,
    Body: "Halo, masih ada promo?",
    ProfileName: who.name,
    NumMedia: "0",
  });
  const threadId = `${TWILIO_ACCOUNT.id}:${who.digits}`;
  ageThread(threadId);

  await page.goto(`/inbox?thread=${threadId}`);
  await hydrated(page);
  await expect(page.getByTestId("chat-title")).toHaveText(who.name);
  await expect(page.getByTestId("window-closed")).toBeVisible();
  const input = page.getByTestId("composer-input");
  await expect(input).toHaveAttribute("readonly", "");
  await expect(page.getByTestId("send-button")).toBeDisabled();
  await page.getByTestId("window-closed").getByRole("button", { name: "Pilih template" }).click();
  const picker = page.getByTestId("template-picker");
  await expect(picker.getByTestId("template-option").filter({ hasText: `Follow up ${tag}` })).toBeVisible();
  await expect(picker.getByTestId("template-option").filter({ hasText: `Biasa ${tag}` })).toHaveCount(0);
  await picker.getByTestId("template-option").filter({ hasText: `Follow up ${tag}` }).click();
  await expect(input).toHaveValue(new RegExp(`^Halo ${who.name}, ini Admin.* dari Toko Twilio\\. Masih tertarik\\?$`));
  await page.screenshot({ path: testInfo.outputPath("approved-template.png") });
  await page.getByTestId("send-button").click();
  await expect(page.getByTestId("message").filter({ hasText: "Masih tertarik?" })).toBeVisible();

  // The fake Twilio received the approved template, not free text.
  await expect
    .poll(async () => {
      const all: { form: [string, string][] }[] = await (await fetch(`${fakeTwilio}/requests`)).json();
      return all.find((r) => r.form.some(([k, v]) => k === "To" && v === `whatsapp:+${who.digits}`));
    })
    .toBeTruthy();
  const all: { form: [string, string][] }[] = await (await fetch(`${fakeTwilio}/requests`)).json();
  const sent = all.find((r) => r.form.some(([k, v]) => k === "To" && v === `whatsapp:+${who.digits}`))!;
  const field = (name: string) => sent.form.find(([k]) => k === name)?.[1];
  expect(field("ContentSid")).toBe(contentSid);
  expect(JSON.parse(field("ContentVariables")!)).toEqual({ "1": who.name, "2": TWILIO_ACCOUNT.name });
  expect(field("Body")).toBeUndefined();
});

test("a send Twilio refuses is sent again once, from the chat's number, by Kirim ulang", async ({
  page,
  baseURL,
}, testInfo) => {
  await logIn(page, ...ADMIN);
  await twilioAccount(page.request);
  const who = customer("Ulang");
  const tag = who.digits.slice(-5);
  await twilioWebhook(page.request, baseURL!, {
    MessageSid: `SM${tag}${"2".repeat(27)}`,
    AccountSid: "ACe2e00000000000000000000000000",
    From: `whatsapp:+${who.digits}`,
    To: `whatsapp:+${TWILIO_ACCOUNT.number}`,
    Body: "Stoknya masih?",
    ProfileName: who.name,
    NumMedia: "0",
  });
  const refuse = await fetch(`${fakeTwilio}/refuse-next?to=${encodeURIComponent(`whatsapp:+${who.digits}`)}`, {
    method: "POST",
  });
  expect(refuse.status).toBe(204);

  await page.goto(`/inbox?thread=${TWILIO_ACCOUNT.id}:${who.digits}`);
  await hydrated(page);
  await page.getByTestId("composer-input").fill(`Masih, kak ${tag}`);
  await page.getByTestId("send-button").click();
  const bubble = page.getByTestId("message").filter({ hasText: `Masih, kak ${tag}` });
  await expect(bubble).toHaveAttribute("data-status", "failed", { timeout: 15_000 });
  await expect(bubble.getByTestId("failure-reason")).toContainText("tidak valid");
  expect(await sendsTo(who.digits)).toHaveLength(1);

  // One press sends it once more; the button goes away, so there is no second press.
  const resend = bubble.getByRole("button", { name: "Kirim ulang" });
  await resend.click();
  await expect(bubble).toHaveAttribute("data-status", "queued", { timeout: 15_000 });
  await expect(resend).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath("resent.png") });

  // A later message to the same customer arrives after anything the resend could
  // still have caused, so counting then shows whether it went more than once.
  await page.getByTestId("composer-input").fill(`Sudah kami siapkan ${tag}`);
  await page.getByTestId("send-button").click();
  await expect.poll(async () => (await sendsTo(who.digits)).length, { timeout: 15_000 }).toBe(3);
  const sends = await sendsTo(who.digits);
  const bodies = sends.map((r) => r.form.find(([k]) => k === "Body")?.[1]);
  expect(bodies).toEqual([`Masih, kak ${tag}`, `Masih, kak ${tag}`, `Sudah kami siapkan ${tag}`]);
  // Every one of them left from the chat's own number.
  for (const sent of sends) {
    expect(sent.form.find(([k]) => k === "From")?.[1]).toBe(`whatsapp:+${TWILIO_ACCOUNT.number}`);
  }
});

test("an admin adds an agent, who steps out of the rotation from the header", async ({ page, browser }) => {
  await logIn(page, ...ADMIN);
  await page.goto("/admin/team");
  await hydrated(page);
  const tag = String(Date.now() % 1_000_000);
  const email = `dewi${tag}@serambi.test`;
  await page.getByTestId("new-agent").click();
  const form = page.getByTestId("agent-form");
  await form.getByLabel("Nama").fill(`Dewi ${tag}`);
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Kata sandi pertama (min. 8 karakter)").fill("dewi-password");
  await form.getByRole("button", { name: "Tambah agen" }).click();
  const row = page.locator(`[data-testid="agent-row"][data-email="${email}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId("open-leads")).toHaveText("0 lead terbuka");
  await expect(row.getByTestId("agent-available")).toBeChecked();

  const context = await browser.newContext({
    baseURL: test.info().project.use.baseURL,
    viewport: page.viewportSize() ?? undefined,
  });
  const dewi = await context.newPage();
  await logIn(dewi, email, "dewi-password");
  await hydrated(dewi);
  const switchButton = dewi.getByTestId("availability");
  await expect(switchButton).toHaveAttribute("aria-checked", "true");
  await switchButton.click();
  await expect(switchButton).toHaveAttribute("aria-checked", "false");
  await page.reload();
  await hydrated(page);
  await expect(row.getByTestId("agent-available")).not.toBeChecked();

  // Deactivated: their session ends at once.
  await row.getByTestId("deactivate").click();
  await row.getByRole("button", { name: "Ya, nonaktifkan" }).click();
  await expect(row).toHaveAttribute("data-active", "false");
  const me = await dewi.request.get("/api/auth/me");
  expect(me.status()).toBe(401);
  await context.close();
});

test("an admin makes an agent Toko B's only member, and a new Toko B lead goes to them", async ({
  page,
}, testInfo) => {
  await logIn(page, ...ADMIN);
  await page.goto("/admin/accounts");
  await hydrated(page);
  const card = page.locator('[data-testid="account-card"][data-account="acc-002"]');
  const members = card.getByTestId("members");
  await members.getByLabel("Citra Wulandari").check();
  await members.getByTestId("save-members").click();
  await expect(members.getByTestId("save-members")).toBeHidden();
  await expect(members).toContainText("hanya dibagi di antara agen yang dipilih");
  await page.screenshot({ path: testInfo.outputPath("accounts.png"), fullPage: true });

  for (const tag of ["B1", "B2"]) {
    const who = customer(`Toko B ${tag}`);
    await play(page, who, "Halo Toko B", "acc-002");
    const res = await page.request.get(`/api/inbox/chats?owner=all&q=${who.digits.slice(-7)}`);
    const row = (await res.json()).items.find((c: { threadId: string }) => c.threadId === `acc-002:${who.digits}`);
    expect(row?.ownerName).toBe("Citra Wulandari");
  }
  // Back to everyone, for the other tests on this server.
  await page.goto("/admin/accounts");
  await hydrated(page);
  await members.getByLabel("Citra Wulandari").uncheck();
  await members.getByTestId("save-members").click();
  await expect(members).toContainText("semua agen menerima lead");
});

test("working hours stop the countdown outside them, and it says so", async ({ page }, testInfo) => {
  await logIn(page, ...ADMIN);
  await page.goto("/admin/settings");
  await hydrated(page);
  const form = page.getByTestId("settings-form");
  const hours = form.getByTestId("working-hours");
  await hours.getByLabel(/Hitung mundur hanya berjalan di jam kerja/).check();
  // Open only the day after tomorrow (in Jakarta): now is outside working hours.
  const jakarta = new Date(Date.now() + 7 * 3_600_000 + 2 * 86_400_000);
  const open = (jakarta.getUTCDay() + 6) % 7; // Monday first
  const days = hours.getByTestId("day");
  for (let i = 0; i < 7; i++) {
    const box = days.nth(i).getByRole("checkbox");
    if (i === open) await box.check();
    else await box.uncheck();
  }
  await form.getByRole("button", { name: "Simpan" }).click();
  await expect(page.getByRole("status")).toContainText("Tersimpan");
  // Only what changed is audited: the working hours, nothing left at its default.
  await expect(page.getByTestId("audit-row").first()).toContainText("escalation.workingHours");
  await expect(page.getByTestId("audit-row").filter({ hasText: "spamFilter.options" })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath("settings.png"), fullPage: true });

  const who = customer("Malam");
  await play(page, who, "Halo, masih buka?");
  await page.goto(`/inbox?thread=acc-001:${who.digits}`);
  await hydrated(page);
  await expect(page.getByTestId("chat-title")).toHaveText(who.name);
  // On a phone the list (with its own countdown) is hidden behind the open chat.
  const paused = page.locator('[data-testid="countdown-paused"]:visible').first();
  await expect(paused).toBeVisible();
  await expect(paused).toHaveText(/^⏸ \d+:\d\d$/);

  // Working hours off again: the clock runs.
  await page.goto("/admin/settings");
  await hydrated(page);
  await hours.getByLabel(/Hitung mundur hanya berjalan di jam kerja/).uncheck();
  await form.getByRole("button", { name: "Simpan" }).click();
  await expect(page.getByRole("status")).toContainText("Tersimpan");
  await page.goto(`/inbox?thread=acc-001:${who.digits}`);
  await hydrated(page);
  await expect(page.locator('[data-testid="countdown"]:visible').first()).toHaveText(
    /^⏱ \d+:\d\d$/,
  );
  await expect(page.getByTestId("countdown-paused")).toHaveCount(0);
});

test("the dashboard draws its charts from the day's traffic, and the CSV downloads", async ({
  page,
}, testInfo) => {
  await logIn(page, ...ADMIN);
  // Something to count: a lead today.
  await play(page, customer("Analitik"), "Halo, mau tanya");
  await page.goto("/admin/analytics");
  await hydrated(page);
  await expect(page.getByTestId("chart")).toHaveCount(3);
  const received = Number(await page.getByTestId("total-received").innerText());
  expect(received).toBeGreaterThan(0);
  // The bars are drawn from the numbers: one group per day, values as in the totals.
  const bars = page.getByTestId("chart").first().locator("rect");
  await expect(bars).toHaveCount(7 * 2);
  const drawn = await bars.evaluateAll((rs) =>
    rs.filter((_, i) => i % 2 === 0).reduce((sum, r) => sum + Number(r.getAttribute("data-value")), 0),
  );
  expect(drawn).toBe(received);
  await expect(page.getByTestId("analytics-row").first()).toBeVisible();
  await page.getByRole("button", { name: "30 hari" }).click();
  await expect(page.getByRole("button", { name: "30 hari" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("chart").first().locator("rect")).toHaveCount(30 * 2);
  // The CSV is of the range on screen: the 30 days' total.
  const received30 = Number(await page.getByTestId("total-received").innerText());
  expect(received30).toBeGreaterThanOrEqual(received);
  await page.screenshot({ path: testInfo.outputPath("analytics.png"), fullPage: true });

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("csv").click()]);
  expect(download.suggestedFilename()).toMatch(/^serambi-analytics.*\.csv$/);
  const text = await (await download.createReadStream()).toArray();
  const csv = Buffer.concat(text).toString("utf8");
  const [header, ...rows] = csv.trim().split(/\r?\n/);
  expect(header).toBe(
    "day,accountId,accountName,receivedCount,replyCount,blocked,newLeads,escalations,answered,medianFirstResponseSeconds,p90FirstResponseSeconds",
  );
  const total = rows.reduce((sum, r) => sum + Number(r.split(",")[3]), 0);
  expect(total).toBe(received30);
});
