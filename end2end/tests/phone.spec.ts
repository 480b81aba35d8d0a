import { expect, test, type Page } from "@playwright/test";
import { hydrated, logIn } from "./helpers";

// The inbox as an agent on a phone uses it, at the three widths that matter: a small
// phone, a common one, and a tablet (playwright.config.ts runs this file in the phone
// project only, which is touch-enabled).
const SIZES = [
  { width: 360, height: 740 },
  { width: 390, height: 844 },
  { width: 820, height: 1180 },
];

/** The page is no wider than the window: nothing scrolls sideways. */
async function fitsTheWidth(page: Page, what: string) {
  const [scroll, client] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ]);
  expect(scroll, `${what} is ${scroll}px wide in a ${client}px window`).toBeLessThanOrEqual(client);
}

/** Plays a customer writing to Toko A on the simulator page; returns the thread id. */
async function customerWrites(page: Page, digits: string, name: string, text: string) {
  await page.goto("/dev/simulator");
  await hydrated(page);
  await page.getByLabel("Dari nomor").fill(`+${digits}`);
  await page.getByLabel("Nama profil WhatsApp").fill(name);
  await page.getByLabel("Ke akun").selectOption("acc-001");
  await page.getByLabel("Pesan").fill(text);
  await page.getByRole("button", { name: "Kirim pesan masuk" }).click();
  await expect(page.getByRole("status")).toHaveText("Pesan masuk terkirim.");
  return `acc-001:${digits}`;
}

for (const size of SIZES) {
  test.describe(`${size.width} wide`, () => {
    test.use({ viewport: size });

    test("the filters fold behind one button that counts them, and live in the URL", async ({ page }, testInfo) => {
      await logIn(page, "admin@serambi.test", "serambi-admin");
      await hydrated(page);
      const toggle = page.getByTestId("filter-toggle");
      await expect(page.locator("#inbox-search")).toBeVisible();
      await expect(toggle).toHaveText("Filter");
      await expect(page.getByTestId("unread-filter")).toBeHidden();
      // The first chat starts in the top quarter of the screen.
      const row = await page.getByTestId("chat-item").first().boundingBox();
      expect(row!.y).toBeLessThan(size.height / 4);

      await toggle.click();
      const sheet = page.getByRole("dialog", { name: "Filter" });
      await expect(sheet).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath(`filter-sheet-${size.width}.png`) });
      // Focus starts inside the sheet and Tab, either way, never leaves it.
      const inSheet = () =>
        page.evaluate(() => !!document.activeElement?.closest("[data-testid=filter-panel][role=dialog]"));
      expect(await inSheet()).toBe(true);
      for (const key of ["Tab", "Shift+Tab"]) {
        for (let i = 0; i < 25; i++) {
          await page.keyboard.press(key);
          expect(await inSheet(), `after ${i + 1} × ${key}`).toBe(true);
        }
      }
      // Every account is shown at first; leaving one out keeps the other two.
      await sheet.locator("[data-testid=account-filter][value=acc-001]").uncheck();
      await expect(page).toHaveURL(/accounts=acc-002,acc-003/);
      await sheet.getByTestId("unread-filter").check();
      await expect(page).toHaveURL(/unread=1/);
      await sheet.getByRole("button", { name: "Tampilkan" }).click();
      await expect(sheet).toBeHidden();
      await expect(toggle).toHaveText("Filter · 3");

      // A reload reads them back from the URL.
      await page.reload();
      await hydrated(page);
      await expect(toggle).toHaveText("Filter · 3");
      await toggle.click();
      await expect(sheet.getByTestId("unread-filter")).toBeChecked();
      await sheet.getByRole("button", { name: "Hapus semua filter" }).click();
      await expect(page).not.toHaveURL(/accounts=|unread=/);
      await page.keyboard.press("Escape");
      await expect(sheet).toBeHidden();
      await expect(toggle).toHaveText("Filter");
      await expect(toggle).toBeFocused();
    });

    test("the chat header shows a long name and the number in full, and the account", async ({ page }, testInfo) => {
      await logIn(page, "admin@serambi.test", "serambi-admin");
      const digits = `62857${String(Date.now() % 10_000_000).padStart(7, "0")}`;
      // 24 characters, as Indonesian names with a title often are.
      const name = "Bapak Hendra Gunawan Sdk";
      const thread = await customerWrites(page, digits, name, "Halo, masih ada stok?");
      await page.goto(`/inbox?thread=${thread}`);
      await hydrated(page);
      const title = page.getByTestId("chat-title");
      await expect(title).toHaveText(name);
      const cut = await title.evaluate((e) => e.scrollWidth > e.clientWidth);
      expect(cut, "the name is cut").toBe(false);
      const number = page.getByTestId("chat-number");
      await expect(number).toBeVisible();
      expect(await number.evaluate((e) => e.scrollWidth > e.clientWidth), "the number is cut").toBe(false);
      // Where a reply leaves from is always in sight.
      await expect(page.getByTestId("thread-account")).toBeVisible();
      await expect(page.getByTestId("thread-account")).toContainText("Toko A");
      await fitsTheWidth(page, "the chat");
      await page.screenshot({ path: testInfo.outputPath(`chat-${size.width}.png`) });
      if (size.width < 640) {
        // The rest is behind one menu.
        await expect(page.getByTestId("profile-button")).toBeHidden();
        await page.getByTestId("chat-menu").click();
        await page.getByRole("menuitem", { name: "Profil pengirim" }).click();
        await expect(page.getByTestId("profile-dialog")).toBeVisible();
      }
    });

    test("no page is wider than the window", async ({ page }) => {
      await page.goto("/login");
      await hydrated(page);
      await fitsTheWidth(page, "the login page");
      await logIn(page, "admin@serambi.test", "serambi-admin");
      await hydrated(page);
      await fitsTheWidth(page, "the inbox");
      await page.getByTestId("chat-item").first().getByRole("link").click();
      await expect(page.getByTestId("chat-header")).toBeVisible();
      await fitsTheWidth(page, "a chat");
      await page.goto("/inbox");
      await hydrated(page);
      await page.getByTestId("new-message").click();
      await expect(page.getByTestId("new-message-dialog")).toBeVisible();
      await fitsTheWidth(page, "the new-message dialog");
      for (const path of [
        "/admin/labels",
        "/admin/spam",
        "/admin/auto-reply",
        "/admin/templates",
        "/admin/team",
        "/admin/accounts",
        "/admin/settings",
        "/admin/analytics",
        "/admin/notifications",
      ]) {
        await page.goto(path);
        await hydrated(page);
        await fitsTheWidth(page, path);
      }
    });
  });
}

test("the inbox can be added to the home screen: the manifest is served and valid", async ({ page, request }) => {
  await logIn(page, "agent1@serambi.test", "serambi-agent");
  const href = await page.locator("link[rel=manifest]").getAttribute("href");
  expect(href).toBe("/manifest.webmanifest");
  await expect(page.locator("meta[name=theme-color]")).toHaveAttribute("content", "#065f46");
  const res = await request.get(href!);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("manifest+json");
  const manifest = await res.json();
  expect(manifest.short_name).toBe("Serambi");
  expect(manifest.display).toBe("standalone");
  expect(manifest.start_url).toBe("/inbox");
  expect(manifest.theme_color).toBe("#065f46");
  // Chromium installs an app with a 192 and a 512 pixel PNG icon, and masks one.
  const icons: { src: string; sizes: string; type: string; purpose: string }[] = manifest.icons;
  for (const size of ["192x192", "512x512"]) {
    expect(icons.some((i) => i.sizes === size && i.type === "image/png" && i.purpose === "any")).toBe(true);
  }
  expect(icons.some((i) => i.purpose === "maskable")).toBe(true);
  for (const icon of icons) {
    const file = await request.get(icon.src);
    expect(file.status(), icon.src).toBe(200);
    expect(file.headers()["content-type"], icon.src).toBe(icon.type);
    if (icon.type === "image/png") {
      // The PNG's own header says its size: bytes 16-23 are width and height.
      const bytes = await file.body();
      const [w, h] = icon.sizes.split("x").map(Number);
      expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)], icon.src).toEqual([w, h]);
    }
  }
});
