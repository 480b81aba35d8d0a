import { expect, test, type Browser, type Page } from "@playwright/test";
import { hydrated, logIn, openFilters, openProfile } from "./helpers";

const BUDI_ON_TOKO_B = "acc-002:6281234567890";

/** The account ids of the badges in the rendered chat list. */
async function listedAccounts(page: Page): Promise<string[]> {
  const ids = await page
    .getByTestId("chat-item")
    .locator("[data-account-id]")
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-account-id") ?? ""));
  return [...new Set(ids)].sort();
}

/** A number only this project's run writes to (projects share one database). */
function freshNumber(projectName: string, last: string): string {
  const n = { desktop: "1", tablet: "2", phone: "3" }[projectName] ?? "9";
  return `08137${n}${last}`;
}

test("the account filter selects one and two accounts, lives in the URL and falls back to all", async ({
  page,
}, testInfo) => {
  await logIn(page, "admin@serambi.test", "serambi-admin");
  await page.goto("/inbox?accounts=acc-001");
  await hydrated(page);
  await expect(page.getByTestId("chat-item").first()).toBeVisible();
  expect(await listedAccounts(page)).toEqual(["acc-001"]);
  let filters = await openFilters(page);
  await expect(filters.locator("[data-testid=account-filter][value=acc-001]")).toBeChecked();
  await expect(filters.locator("[data-testid=account-filter][value=acc-002]")).not.toBeChecked();

  await filters.locator("[data-testid=account-filter][value=acc-002]").check();
  await expect(page).toHaveURL(/accounts=acc-001,acc-002$/);
  await expect.poll(() => listedAccounts(page)).toEqual(["acc-001", "acc-002"]);
  await page.screenshot({ path: testInfo.outputPath("two-accounts.png") });

  // Back and forward walk the filter states.
  await page.goBack();
  await expect(page).toHaveURL(/accounts=acc-001$/);
  await expect.poll(() => listedAccounts(page)).toEqual(["acc-001"]);
  await page.goForward();
  await expect(page).toHaveURL(/accounts=acc-001,acc-002$/);

  // Clearing the selection shows every account again.
  filters = await openFilters(page);
  await filters.getByRole("button", { name: "Bersihkan pilihan akun" }).click();
  await expect(page).toHaveURL(/\/inbox$/);
  await expect.poll(() => listedAccounts(page)).toEqual(["acc-001", "acc-002", "acc-003"]);
  for (const id of ["acc-001", "acc-002", "acc-003"]) {
    await expect(filters.locator(`[data-testid=account-filter][value=${id}]`)).toBeChecked();
  }

  // The selection is remembered for the next visit without a filter in the URL.
  await page.goto("/inbox?accounts=acc-003");
  await hydrated(page);
  await expect.poll(() => listedAccounts(page)).toEqual(["acc-003"]);
  await page.goto("/inbox");
  await hydrated(page);
  await expect(page).toHaveURL(/accounts=acc-003$/);
  await expect.poll(() => listedAccounts(page)).toEqual(["acc-003"]);
  filters = await openFilters(page);
  await filters.getByRole("button", { name: "Semua", exact: true }).click();
  await expect(page).toHaveURL(/\/inbox$/);
});

test("the label filter shows the threads carrying the chosen labels", async ({ page }, testInfo) => {
  await logIn(page, "admin@serambi.test", "serambi-admin");
  await page.goto("/inbox");
  await hydrated(page);
  const labels = await (await page.request.get("/api/labels")).json();
  const hot = labels.find((l: { name: string }) => l.name === "Prospek panas");
  const customer = labels.find((l: { name: string }) => l.name === "Pelanggan");
  expect(hot.chatCount).toBeGreaterThan(0);

  /** The thread ids the server lists for a `labels` query, newest first. */
  const serverList = async (ids: string) => {
    const res = await page.request.get(`/api/inbox/chats?labels=${ids}&limit=100`);
    expect(res.ok()).toBeTruthy();
    const body = await res.json();
    return body.items.map((c: { threadId: string }) => c.threadId);
  };
  const shown = () =>
    page
      .getByTestId("chat-item")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-thread-id") ?? ""));

  const filters = await openFilters(page);
  const chip = (name: string) => filters.getByTestId("label-filter").filter({ hasText: name });
  await chip("Prospek panas").click();
  await expect(page).toHaveURL(new RegExp(`labels=${hot.id}$`));
  await expect(chip("Prospek panas")).toHaveAttribute("aria-pressed", "true");
  const hotOnly = await serverList(`${hot.id}`);
  expect(hotOnly.length).toBe(hot.chatCount);
  await expect.poll(shown).toEqual(hotOnly);

  // Two labels: threads with either.
  await chip("Pelanggan").click();
  const both = [hot.id, customer.id].sort((a: number, b: number) => a - b).join(",");
  await expect(page).toHaveURL(new RegExp(`labels=${both}$`));
  const either = await serverList(both);
  expect(either.length).toBe(hot.chatCount + customer.chatCount);
  await expect.poll(shown).toEqual(either);
  await page.screenshot({ path: testInfo.outputPath("label-filter.png") });

  // Unpressing both shows every thread again.
  await chip("Prospek panas").click();
  await chip("Pelanggan").click();
  await expect(page).toHaveURL(/\/inbox$/);
  await expect(chip("Pelanggan")).toHaveAttribute("aria-pressed", "false");
});

test("a reply leaves from the thread's account", async ({ page }, testInfo) => {
  await logIn(page, "agent1@serambi.test", "serambi-agent");
  await page
    .getByTestId("chat-item")
    .filter({ hasText: "Budi Santoso" })
    .filter({ hasText: "Toko B" })
    .getByRole("link")
    .click();
  await expect(page).toHaveURL(new RegExp(`thread=${BUDI_ON_TOKO_B}`));
  await expect(page.getByTestId("chat-header")).toHaveAttribute("data-account-id", "acc-002");
  await expect(page.getByTestId("composer-account")).toContainText("Toko B");
  await expect(page.getByTestId("also-on")).toContainText("Toko A");
  await expect(page.getByTestId("message").first()).toBeVisible();

  const text = `Siap kak, stok ada (${testInfo.project.name})`;
  await page.getByTestId("composer-input").fill(text);
  await page.getByTestId("composer-input").press("Enter");
  const sent = page.getByTestId("message").filter({ hasText: text });
  await expect(sent).toHaveCount(1);
  await expect(page.getByTestId("pending-message")).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath("reply.png") });

  // On the server: stored on Toko B's thread, from Toko B, and handed to the provider.
  await expect
    .poll(async () => {
      const res = await page.request.get(`/api/inbox/chats/${BUDI_ON_TOKO_B}/messages?limit=5`);
      const items: { body: string; accountId: string; providerMessageId: string | null }[] =
        (await res.json()).items;
      const mine = items.find((m) => m.body === text);
      return mine ? `${mine.accountId}:${mine.providerMessageId ? "sent" : "waiting"}` : "missing";
    })
    .toBe("acc-002:sent");
  // Shown once, even after the server's status reached the page (the bubble the
  // composer showed and the one the history brings are the same one).
  await expect(sent).toHaveAttribute("data-status", /^(sent|delivered|read)$/, {
    timeout: 15_000,
  });
  await expect(sent).toHaveCount(1);
});

test("a chat opened by its link hydrates the server's messages and takes a reply", async ({
  page,
}, testInfo) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // Everything the page runs keeps to its Content-Security-Policy (the hydration
  // script by its nonce, the code and its split parts from /pkg, the WebSocket).
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) errors.push(m.text());
  });
  await logIn(page, "agent1@serambi.test", "serambi-agent");
  await page.goto(`/inbox?thread=${BUDI_ON_TOKO_B}`);
  await hydrated(page);
  await expect(page.getByTestId("message").first()).toBeVisible();
  await expect(page.getByTestId("composer-account")).toContainText("Toko B");
  const text = `Lewat tautan ${testInfo.project.name} ${Date.now()}`;
  await page.getByTestId("composer-input").fill(text);
  await page.getByTestId("composer-input").press("Enter");
  await expect(page.getByTestId("message").filter({ hasText: text })).toHaveCount(1);
  await expect(page.getByTestId("pending-message")).toHaveCount(0);
  // A part fetched when first used (the sender profile) loads under the policy too.
  await openProfile(page);
  await expect(page.getByTestId("profile-dialog")).toBeVisible();
  expect(errors).toEqual([]);
});

test("a new message to a new number requires choosing the account", async ({ page }, testInfo) => {
  await logIn(page, "agent1@serambi.test", "serambi-agent");
  await page.getByTestId("new-message").click();
  const dialog = page.getByTestId("new-message-dialog");
  await expect(dialog).toBeVisible();
  const number = freshNumber(testInfo.project.name, "1234567");
  await dialog.getByTestId("recipient").pressSequentially(number);
  // Formatted as typed.
  await expect(dialog.getByTestId("recipient")).toHaveValue(/^0813-\d{4}-\d{4}-\d$/);
  await dialog.getByTestId("new-message-body").fill("Halo, ini dari Serambi");
  await expect(dialog.getByTestId("sender-picker")).toBeVisible();
  await expect(dialog.getByTestId("new-message-send")).toBeDisabled();
  await dialog.getByTestId("sender-picker").selectOption("acc-003");
  await expect(dialog.getByTestId("new-message-send")).toBeEnabled();
  await page.screenshot({ path: testInfo.outputPath("new-message-picker.png") });
  await dialog.getByTestId("new-message-send").click();
  await expect(dialog).toHaveCount(0);
  await expect(page).toHaveURL(/thread=acc-003(:|%3A)62813/);
  await expect(page.getByTestId("chat-header")).toHaveAttribute("data-account-id", "acc-003");
  await expect(page.getByTestId("message").filter({ hasText: "Halo, ini dari Serambi" })).toHaveCount(1);
});

test("a number known on one account needs no choice; on two the picker offers both", async ({
  page,
}, testInfo) => {
  // As the admin, who sees every chat: an agent is offered only their own chats' accounts
  // (server/tests/api/hardening.rs).
  await logIn(page, "admin@serambi.test", "serambi-admin");
  await page.getByTestId("new-message").click();
  const dialog = page.getByTestId("new-message-dialog");
  await dialog.getByTestId("recipient").fill("081311112222");
  await expect(dialog.getByTestId("sender-fixed")).toHaveAttribute("data-account-id", "acc-001");
  await expect(dialog.getByTestId("sender-picker")).toHaveCount(0);

  await dialog.getByTestId("recipient").fill("+6281234567890");
  const picker = dialog.getByTestId("sender-picker");
  await expect(picker).toBeVisible();
  await expect(picker.locator("option[value=acc-001]")).toHaveCount(1);
  await expect(picker.locator("option[value=acc-002]")).toHaveCount(1);
  await expect(picker.locator("option[value=acc-003]")).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath("new-message-known.png") });
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
});

test("a send that fails shows why, with a retry", async ({ page }, testInfo) => {
  await logIn(page, "agent1@serambi.test", "serambi-agent");
  // The simulator plays a customer without WhatsApp for numbers ending in 00000.
  await page.getByTestId("new-message").click();
  const dialog = page.getByTestId("new-message-dialog");
  await dialog.getByTestId("recipient").fill(freshNumber(testInfo.project.name, "9900000"));
  await dialog.getByTestId("sender-picker").selectOption("acc-001");
  await dialog.getByTestId("new-message-body").fill("Halo?");
  await dialog.getByTestId("new-message-send").click();
  const failed = page.getByTestId("message").filter({ hasText: "Halo?" });
  await expect(failed).toHaveAttribute("data-status", "failed", { timeout: 15_000 });
  await expect(failed.getByTestId("failure-reason")).toContainText("tidak memakai WhatsApp");
  await expect(failed.getByRole("button", { name: "Kirim ulang" })).toBeVisible();

  // A refusal before sending is shown in place, with the text kept for another try.
  await page.getByTestId("composer-input").fill("x".repeat(1601));
  await page.getByTestId("send-button").click();
  await expect(page.getByTestId("send-error")).toContainText("1600");
  await expect(page.getByRole("button", { name: "Coba lagi" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("send-failed.png") });
});

test("every resend button shown is accepted by the server", async ({ page }, testInfo) => {
  await logIn(page, "agent1@serambi.test", "serambi-agent");
  // The simulator refuses numbers ending in 00000 (failed) and accepts but never
  // delivers those ending in 11111 (undelivered): both offer "Kirim ulang".
  for (const [last, status] of [
    ["9811111", "undelivered"],
    ["9800000", "failed"],
  ]) {
    // From the list (on a phone the open chat covers it).
    await page.goto("/inbox");
    await hydrated(page);
    await page.getByTestId("new-message").click();
    const dialog = page.getByTestId("new-message-dialog");
    await dialog.getByTestId("recipient").fill(freshNumber(testInfo.project.name, last));
    await dialog.getByTestId("sender-picker").selectOption("acc-001");
    await dialog.getByTestId("new-message-body").fill(`Coba ${status}`);
    await dialog.getByTestId("new-message-send").click();
    const bubble = page.getByTestId("message").filter({ hasText: `Coba ${status}` });
    await expect(bubble).toHaveAttribute("data-status", status, { timeout: 15_000 });
    const resend = bubble.getByRole("button", { name: "Kirim ulang" });
    await expect(resend).toBeVisible();
    const answer = page.waitForResponse((r) => r.url().includes("/api/rpc/retry_message"));
    await resend.click();
    expect((await answer).status(), `resending a ${status} message`).toBe(200);
    await expect(bubble.getByTestId("retry-error")).toHaveCount(0);
    // Sent again, it meets the same fate and offers the button again.
    await expect(bubble).toHaveAttribute("data-status", status, { timeout: 15_000 });
  }
  await page.screenshot({ path: testInfo.outputPath("resend.png") });
});

test("the keyboard moves through the list and opens a thread", async ({ page }) => {
  await logIn(page, "agent1@serambi.test", "serambi-agent");
  await expect(page.getByTestId("chat-item").nth(1)).toBeVisible();
  await page.keyboard.press("/");
  await expect(page.locator("#inbox-search")).toBeFocused();
  const second = await page.getByTestId("chat-item").nth(1).getAttribute("data-thread-id");
  await page.getByRole("region", { name: "Daftar percakapan" }).locator("[tabindex='0']").focus();
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`thread=${(second ?? "").replace(":", "(:|%3A)")}`));
  await expect(page.getByTestId("chat-header")).toBeVisible();
});

// Tagged @phone: only the phone project runs it (see playwright.config.ts).
test("on a phone the chat replaces the list and back returns to it @phone", async ({
  page,
}, testInfo) => {
  await logIn(page, "agent1@serambi.test", "serambi-agent");
  await page.getByTestId("chat-item").first().getByRole("link").click();
  await expect(page.getByTestId("chat-header")).toBeVisible();
  await expect(page.getByTestId("chat-list")).toBeHidden();
  await page.screenshot({ path: testInfo.outputPath("phone-chat.png") });
  await page.getByRole("link", { name: "Kembali ke daftar percakapan" }).click();
  await expect(page.getByTestId("chat-list")).toBeVisible();
});

test("the sender profile shows a saved contact, and an unsaved one can be added and deleted", async ({
  page,
}, testInfo) => {
  await logIn(page, "admin@serambi.test", "serambi-admin");
  // Saved in the demo data.
  await page.goto(`/inbox?thread=${BUDI_ON_TOKO_B}`);
  await hydrated(page);
  await openProfile(page);
  const dialog = page.getByTestId("profile-dialog");
  await expect(dialog.getByTestId("profile-name")).toHaveText("Budi Santoso");
  await expect(dialog.getByTestId("contact-facts")).toContainText("Jakarta");
  await expect(dialog).toContainText("hanya nama profil");
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);

  // Not saved: one demo customer per project, since the projects share a database.
  const thread = {
    desktop: "acc-001:6281322223333",
    tablet: "acc-002:6281344445555",
    phone: "acc-003:6281355556666",
  }[testInfo.project.name];
  await page.goto(`/inbox?thread=${thread}`);
  await hydrated(page);
  await page.getByTestId("open-profile").click();
  await expect(dialog.getByTestId("not-saved")).toHaveText("Tidak tersimpan di Kontak");
  await dialog.getByRole("button", { name: "+ Tambah ke Kontak" }).click();
  await dialog.getByTestId("contact-email").fill("bukan-email");
  await dialog.getByRole("button", { name: "Simpan" }).click();
  await expect(dialog.getByTestId("contact-error")).toContainText("email");
  await dialog.getByTestId("contact-email").fill("pelanggan@contoh.co.id");
  // A decimal rating, typed the Indonesian way with a comma.
  await dialog.getByTestId("contact-rating").fill("4,2");
  await dialog.getByTestId("contact-city").fill("Bandung");
  await dialog.getByRole("button", { name: "Simpan" }).click();
  await expect(dialog.getByTestId("contact-facts")).toContainText("pelanggan@contoh.co.id");
  await expect(dialog.getByTestId("contact-facts")).toContainText("★★★★☆ (4.2)");
  await page.screenshot({ path: testInfo.outputPath("profile.png") });

  await dialog.getByTestId("delete-contact").click();
  await dialog.getByTestId("delete-contact").click();
  await expect(dialog.getByTestId("not-saved")).toBeVisible();
});

test("the interface switches to English and back", async ({ page }) => {
  await logIn(page, "agent1@serambi.test", "serambi-agent");
  await expect(page.getByRole("heading", { name: "Kotak Masuk" })).toBeVisible();
  await page.getByTestId("lang-en").click();
  await expect(page.getByRole("heading", { name: "Inbox" })).toBeVisible();
  await expect(page.getByTestId("new-message")).toHaveText("+ New message");
  await expect(page.getByPlaceholder(/Search name, number or message/)).toBeVisible();
  // Remembered: the server renders English too.
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Inbox" })).toBeVisible();
  await page.getByTestId("lang-id").click();
  await expect(page.getByRole("heading", { name: "Kotak Masuk" })).toBeVisible();
});

test("a word in an older message finds the chat, which opens at that message", async ({
  page,
}, testInfo) => {
  await logIn(page, "admin@serambi.test", "serambi-admin");
  await hydrated(page);
  await page.locator("#inbox-search").fill("SEPATU lari");
  // Budi's last message on Toko A is about Bandung; the shoes were his first.
  const row = page.locator('[data-testid=chat-item][data-thread-id="acc-001:6281234567890"]');
  await expect(row.getByTestId("search-snippet")).toContainText("ukuran 42");
  await expect(row.locator("mark")).toHaveText("sepatu lari");
  await page.screenshot({ path: testInfo.outputPath("search.png") });
  await row.locator("a").click();
  await expect(page).toHaveURL(/[?&]at=\d+/);
  const focused = page.locator('[data-testid=message][data-focused="true"]');
  await expect(focused).toContainText("sepatu lari ukuran 42");
  await expect(focused).toBeInViewport();
  await page.screenshot({ path: testInfo.outputPath("search-opened.png") });
});

/** A page of the inbox as a browser without JavaScript sees it: what arrives before the wasm. */
async function withoutJavaScript(browser: Browser, page: Page) {
  await logIn(page, "admin@serambi.test", "serambi-admin");
  const cookies = await page.context().cookies();
  const context = await browser.newContext({ javaScriptEnabled: false });
  await context.addCookies(cookies);
  return { context, bare: await context.newPage() };
}

test("without JavaScript the server's HTML already shows the chat list, whose rows are links", async ({
  browser,
  page,
}) => {
  const { context, bare } = await withoutJavaScript(browser, page);
  await bare.goto("/inbox");
  const rows = bare.getByTestId("chat-item");
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThan(1);
  await expect(bare.locator("body[data-hydrated='true']")).toHaveCount(0);

  // A row is a plain link: it opens the chat as a page of its own.
  await rows.first().click();
  await expect(bare).toHaveURL(/thread=/);
  await expect(bare.getByTestId("chat-header")).toBeVisible();

  await bare.goto(`/inbox?thread=${encodeURIComponent(BUDI_ON_TOKO_B)}`);
  await expect(bare.getByTestId("chat-header")).toHaveAttribute("data-account-id", "acc-002");
  await context.close();
});

// The page makes the open chat's resources (like the list's) outside its Transition, so
// the server draws the messages into the page and the browser hydrates the same data.
test("without JavaScript the server's HTML shows an open chat's messages", async ({
  browser,
  page,
}) => {
  const { context, bare } = await withoutJavaScript(browser, page);
  await bare.goto(`/inbox?thread=${encodeURIComponent(BUDI_ON_TOKO_B)}`);
  await expect(bare.getByTestId("message").first()).toBeVisible();
  await context.close();
});

test("nothing in a chat row is cut off: every visible part of every row lies inside it", async ({ page }, testInfo) => {
  // An admin's rows show the owner on a third line, and the demo's labelled rows their
  // label chips: the tallest rows there are.
  await logIn(page, "admin@serambi.test", "serambi-admin");
  await hydrated(page);
  await expect(page.getByTestId("chat-item").first()).toBeVisible();
  const outside = await page.getByTestId("chat-item").evaluateAll((rows) => {
    const found: string[] = [];
    let labelled = 0;
    for (const row of rows) {
      const box = row.getBoundingClientRect();
      if (row.querySelector("[data-testid=label-chip]")) labelled += 1;
      for (const el of Array.from(row.querySelectorAll<HTMLElement>("*"))) {
        if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
        const r = el.getBoundingClientRect();
        if (r.width < 1 || r.height < 1) continue;
        if (r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5 || r.left < box.left - 0.5 || r.right > box.right + 0.5) {
          const what = el.getAttribute("data-testid") ?? el.className.toString().slice(0, 40);
          found.push(`${row.getAttribute("data-thread-id")}: ${el.tagName.toLowerCase()} "${what}" at ${Math.round(r.top - box.top)}..${Math.round(r.bottom - box.top)} of ${Math.round(box.height)}`);
        }
      }
    }
    return { found, labelled };
  });
  await page.screenshot({ path: testInfo.outputPath("rows.png") });
  expect(outside.labelled, "the demo has labelled rows").toBeGreaterThan(0);
  expect(outside.found).toEqual([]);
});
