import { expect, test, type Page } from "@playwright/test";
import { ADMIN_PAGES, adminApi, hydrated, logIn, openFilters, openProfile } from "./helpers";

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
      await page.screenshot({ path: testInfo.outputPath(`inbox-${size.width}.png`) });

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
      for (const path of ADMIN_PAGES) {
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

/** Controls on screen smaller than 44 × 44 px, described. A checkbox or radio counts by
 * its label (the label is what a finger presses); a link inside running text is exempt,
 * as WCAG 2.5.5 allows. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selector =
      "button, a[href], input:not([type=hidden]), select, textarea, summary, [role=button], [role=menuitem], [role=tab]";
    const small: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
      if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
      if (el.tagName === "A" && el.closest("p")) continue;
      const input = el as HTMLInputElement;
      const target =
        el.tagName === "INPUT" && (input.type === "checkbox" || input.type === "radio")
          ? (el.closest("label") ?? el)
          : el;
      const box = target.getBoundingClientRect();
      // Visually hidden (`sr-only`) and file inputs opened by a button are not targets.
      if (box.width <= 1 || box.height <= 1) continue;
      if (box.width < 43.5 || box.height < 43.5) {
        const name =
          el.getAttribute("aria-label") ?? el.getAttribute("data-testid") ?? (el.textContent ?? "").trim().slice(0, 30);
        small.push(`${el.tagName.toLowerCase()} "${name}" ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
    }
    return small;
  });
}

/** Every visible control whose text spills out of its box, and every two controls whose
 * boxes overlap without one holding the other (a row's own menu button sits inside the
 * row, by design). Only controls on top are judged: one under an open dialog, sheet or
 * menu (the hit test at its centre finds the layer above) is not on screen to tap.
 * Text boxes that scroll their own content are not counted. */
async function crampedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selector =
      "button, a[href], select, summary, [role=button], [role=menuitem], [role=tab], label:has(> input[type=checkbox]), label:has(> input[type=radio])";
    const name = (el: Element) =>
      el.getAttribute("aria-label") ?? el.getAttribute("data-testid") ?? (el.textContent ?? "").trim().slice(0, 30);
    const controls = Array.from(document.querySelectorAll<HTMLElement>(selector)).filter((el) => {
      if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
      const box = el.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1) return false;
      const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
      const y = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
      const hit = document.elementFromPoint(x, y);
      return hit !== null && (el.contains(hit) || hit.contains(el));
    });
    const problems: string[] = [];
    for (const el of controls) {
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === "visible") {
        problems.push(`${el.tagName.toLowerCase()} "${name(el)}" spills: ${el.scrollWidth} px of text in ${el.clientWidth} px`);
      }
    }
    const inside = (a: DOMRect, b: DOMRect) =>
      a.left >= b.left - 0.5 && a.right <= b.right + 0.5 && a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5;
    // A menu or dialog is a layer of its own, drawn over the page on purpose.
    const layer = (el: Element) => el.closest("[role=menu], [role=dialog], [role=listbox]");
    const boxes = controls.map((el) => [el, el.getBoundingClientRect()] as const);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, ra] = boxes[i];
        const [b, rb] = boxes[j];
        if (a.contains(b) || b.contains(a) || inside(ra, rb) || inside(rb, ra)) continue;
        if (layer(a) !== layer(b)) continue;
        const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
        const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
        if (w > 1 && h > 1) {
          problems.push(`"${name(a)}" and "${name(b)}" overlap by ${Math.round(w)}×${Math.round(h)}`);
        }
      }
    }
    return problems;
  });
}

for (const size of [SIZES[1], SIZES[2]]) {
  test.describe(`touch at ${size.width} wide`, () => {
    test.use({ viewport: size });

    test("every control on the inbox, a chat, the dialogs and the admin pages is at least 44 × 44 px", async ({ page }) => {
      expect(await page.evaluate(() => matchMedia("(pointer: coarse)").matches), "a touch screen").toBe(true);
      const found: string[] = [];
      const check = async (what: string) => found.push(...(await smallTargets(page)).map((s) => `${what}: ${s}`));
      await page.goto("/login");
      await hydrated(page);
      await check("login");
      await logIn(page, "admin@serambi.test", "serambi-admin");
      await hydrated(page);
      await check("inbox");
      await page.getByTestId("filter-toggle").click();
      await expect(page.getByRole("dialog", { name: "Filter" })).toBeVisible();
      await check("filters");
      await page.keyboard.press("Escape");
      await page.getByTestId("chat-item").first().getByRole("link").click();
      await expect(page.getByTestId("composer")).toBeVisible();
      await check("chat");
      await openProfile(page);
      await expect(page.getByTestId("profile-dialog")).toBeVisible();
      await check("profile");
      await page.goto("/inbox");
      await hydrated(page);
      await page.getByTestId("new-message").click();
      await expect(page.getByTestId("new-message-dialog")).toBeVisible();
      await check("new message");
      for (const path of ADMIN_PAGES) {
        await page.goto(path);
        await hydrated(page);
        await check(path);
      }
      expect(found).toEqual([]);
    });

    test("no control's text spills out of its box and no two controls overlap, on any page or open menu", async ({ page }, testInfo) => {
      const found: string[] = [];
      const check = async (what: string) => {
        const problems = await crampedControls(page);
        if (problems.length > 0) {
          await page.screenshot({ path: testInfo.outputPath(`${what.replaceAll("/", "_")}.png`) });
        }
        found.push(...problems.map((s) => `${what}: ${s}`));
      };
      await page.goto("/login");
      await hydrated(page);
      await check("login");
      await logIn(page, "admin@serambi.test", "serambi-admin");
      await hydrated(page);
      await check("inbox");
      await page.getByTestId("filter-toggle").click();
      await expect(page.getByRole("dialog", { name: "Filter" })).toBeVisible();
      await check("filters");
      await page.keyboard.press("Escape");
      await page.getByTestId("chat-item").first().getByTestId("label-menu-button").click();
      await expect(page.getByTestId("label-menu")).toBeVisible();
      await check("label menu");
      await page.keyboard.press("Escape");
      await page.getByTestId("chat-item").first().getByRole("link").click();
      await expect(page.getByTestId("composer")).toBeVisible();
      await check("chat");
      const menu = page.getByTestId("chat-menu");
      if (await menu.isVisible()) {
        await menu.click();
        await expect(page.getByRole("menu")).toBeVisible();
        await check("chat menu");
        // A tap beside the menu closes it.
        const size = page.viewportSize()!;
        await page.mouse.click(size.width / 2, size.height - 120);
        await expect(page.getByRole("menu")).toBeHidden();
      }
      await openProfile(page);
      await expect(page.getByTestId("profile-dialog")).toBeVisible();
      await check("profile");
      await page.goto("/inbox");
      await hydrated(page);
      await page.getByTestId("new-message").click();
      await expect(page.getByTestId("new-message-dialog")).toBeVisible();
      await check("new message");
      for (const path of ADMIN_PAGES) {
        await page.goto(path);
        await hydrated(page);
        await check(path);
      }
      expect(found).toEqual([]);
    });
  });
}

test.describe("typing on a phone", () => {
  test.use({ viewport: SIZES[1] });

  test("the composer stays above the on-screen keyboard, and sending keeps the keyboard open", async ({ page }) => {
    await logIn(page, "admin@serambi.test", "serambi-admin");
    const digits = `62858${String(Date.now() % 10_000_000).padStart(7, "0")}`;
    const thread = await customerWrites(page, digits, "Ibu Sari", "Kak, ongkirnya berapa?");
    await page.goto(`/inbox?thread=${thread}`);
    await hydrated(page);
    const input = page.getByTestId("composer-input");
    await input.tap();
    await expect(input).toBeFocused();
    // The keyboard takes the lower 40 % of the screen: the visible area shrinks.
    await page.setViewportSize({ width: SIZES[1].width, height: 500 });
    await expect
      .poll(() => page.evaluate(() => Math.round(window.visualViewport!.height)))
      .toBe(500);
    const composerBottom = async () => (await page.getByTestId("send-button").boundingBox())!.y;
    await expect.poll(composerBottom).toBeLessThan(500 - 44);
    await expect(page.getByTestId("chat-title")).toBeInViewport();

    await input.fill("Ongkir ke Bandung Rp18.000, kak.");
    await page.getByTestId("send-button").tap();
    await expect(page.getByTestId("message").filter({ hasText: "Ongkir ke Bandung" })).toBeVisible();
    // The text box keeps the focus, so the keyboard stays for the next message.
    await expect(input).toBeFocused();
    await expect(input).toHaveValue("");
    await page.keyboard.type("Mau dikirim hari ini?");
    await page.getByTestId("send-button").tap();
    await expect(page.getByTestId("message").filter({ hasText: "Mau dikirim hari ini?" })).toBeVisible();
    await expect(input).toBeFocused();
  });
});

test.describe("the installed app", () => {
  test.use({ viewport: SIZES[1], serviceWorkers: "allow" });

  const keptInbox = (page: Page) =>
    page.evaluate(async () => !!(await (await caches.open("serambi-pages")).match("/inbox")));

  test("a reopened app shows the saved list at once, says so, and refreshes it; logging out forgets it", async ({ page }) => {
    await logIn(page, "admin@serambi.test", "serambi-admin");
    await hydrated(page);
    await page.evaluate(() => navigator.serviceWorker.ready);
    // Opened under the worker: it keeps the page.
    await page.goto("/inbox");
    await hydrated(page);
    await expect.poll(() => keptInbox(page)).toBe(true);

    // While the app is closed, a new customer writes.
    const digits = `62859${String(Date.now() % 10_000_000).padStart(7, "0")}`;
    const name = `Pembeli Baru ${digits.slice(-4)}`;
    await customerWrites(page, digits, name, "Halo, saya mau pesan");

    // What the page shows before its code runs, and what it said on the way.
    await page.addInitScript(() => {
      const w = window as unknown as { firstList?: string; saidSaved?: string };
      document.addEventListener("readystatechange", () => {
        if (document.readyState === "interactive") {
          w.firstList = Array.from(document.querySelectorAll("[data-testid=chat-item]"))
            .map((e) => e.textContent)
            .join("|");
        }
      });
      new MutationObserver(() => {
        const notice = document.querySelector("[data-testid=saved-list]");
        if (notice && !w.saidSaved) w.saidSaved = notice.textContent ?? "";
      }).observe(document, { childList: true, subtree: true, characterData: true });
    });
    await page.goto("/inbox");
    const first = await page.evaluate(() => (window as unknown as { firstList?: string }).firstList);
    expect(first, "the saved list is on screen before the page's code runs").toBeTruthy();
    expect(first).not.toContain(name);
    await expect(page.locator("meta[name=serambi-saved-at]")).toBeAttached();
    await hydrated(page);
    // Then it is refreshed, and stops saying it is the saved one.
    await expect(page.getByTestId("chat-item").filter({ hasText: name })).toBeVisible();
    await expect(page.getByTestId("saved-list")).toBeHidden();
    const said = await page.evaluate(() => (window as unknown as { saidSaved?: string }).saidSaved);
    expect(said).toMatch(/^Menampilkan daftar tersimpan \(\d\d:\d\d\) · memperbarui…$/);

    // Logging out forgets it.
    await page.getByRole("button", { name: "Keluar" }).click();
    await expect(page).toHaveURL(/\/login/);
    expect(await keptInbox(page)).toBe(false);
  });

  /** Records, from before the page's code runs, how many chat rows the document holds
   * when it becomes interactive (the moment a saved page would be on screen). */
  const recordRowsAtInteractive = (page: Page) =>
    page.addInitScript(() => {
      document.addEventListener("readystatechange", () => {
        if (document.readyState === "interactive") {
          (window as unknown as { rowsAtInteractive?: number }).rowsAtInteractive =
            document.querySelectorAll("[data-testid=chat-item]").length;
        }
      });
    });
  const rowsAtInteractive = (page: Page) =>
    page.evaluate(() => (window as unknown as { rowsAtInteractive?: number }).rowsAtInteractive);

  test("a saved list is never on screen once its session has ended elsewhere, not even before the page's code runs", async ({
    page,
    baseURL,
  }) => {
    // An admin of its own (admins see every chat, so the saved list is full).
    const api = await adminApi(baseURL!);
    const email = `pwa-${Date.now()}@serambi.test`;
    const created = await api.post("/api/agents", {
      data: { name: "Admin Perangkat", email, password: "perangkat-123", role: "admin" },
    });
    expect(created.ok(), await created.text()).toBeTruthy();
    const id = (await created.json()).id;
    await logIn(page, email, "perangkat-123");
    await hydrated(page);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.goto("/inbox");
    await hydrated(page);
    await expect.poll(() => keptInbox(page)).toBe(true);
    await recordRowsAtInteractive(page);
    // While the session lives, the saved list is what opens.
    await page.goto("/inbox");
    expect(await rowsAtInteractive(page), "the saved list opens at once").toBeGreaterThan(0);
    await hydrated(page);

    // The app closed (a running inbox would hear the session end and leave by itself),
    // then deactivated from another device: the session ends on the server only.
    await page.goto("about:blank");
    const off = await api.put(`/api/agents/${id}`, { data: { active: false } });
    expect(off.ok(), await off.text()).toBeTruthy();
    await page.goto("/inbox");
    expect(await rowsAtInteractive(page), "a chat row was on screen after the session ended").toBe(0);
    await expect(page).toHaveURL(/\/login/);
    await expect.poll(() => keptInbox(page)).toBe(false);
    await api.dispose();
  });

  test("offline, the saved list is withheld behind a neutral page until the session can be checked", async ({
    page,
    context,
  }) => {
    await logIn(page, "agent1@serambi.test", "serambi-agent");
    await hydrated(page);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.goto("/inbox");
    await hydrated(page);
    await expect.poll(() => keptInbox(page)).toBe(true);
    await recordRowsAtInteractive(page);
    await context.setOffline(true);
    await page.goto("/inbox");
    await expect(page.getByTestId("offline-page")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Tidak terhubung" })).toBeVisible();
    expect(await rowsAtInteractive(page)).toBe(0);
    await expect(page.getByTestId("chat-item")).toHaveCount(0);
    // Back online, "Coba lagi" opens the list.
    await context.setOffline(false);
    await page.getByRole("link", { name: "Coba lagi" }).click();
    await hydrated(page);
    await expect(page.getByTestId("chat-item").first()).toBeVisible();
  });

  test("a label and an account an admin adds are in the saved inbox's filters at once, without a reload", async ({
    page,
    baseURL,
  }) => {
    await logIn(page, "admin@serambi.test", "serambi-admin");
    await hydrated(page);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.goto("/inbox");
    await hydrated(page);
    await expect.poll(() => keptInbox(page)).toBe(true);

    // In the admin area: a label from its page, an account from another device.
    const stamp = String(Date.now()).slice(-6);
    const label = `Baru SW ${stamp}`;
    await page.goto("/admin/labels");
    await hydrated(page);
    await page.getByLabel("Nama label baru").fill(label);
    await page.getByRole("button", { name: "+ Buat Label" }).click();
    await expect(page.getByTestId("label-row").filter({ hasText: label })).toBeVisible();
    const api = await adminApi(baseURL!);
    const account = `Toko SW ${stamp}`;
    const made = await api.post("/api/whatsapp/sessions", {
      data: { name: account, phoneNumber: `+62813${stamp}01`, provider: "simulator" },
    });
    expect(made.ok(), await made.text()).toBeTruthy();
    await api.dispose();

    // Back to the inbox: the worker answers with the page it kept before either.
    await page.goto("/inbox");
    await expect(page.locator("meta[name=serambi-saved-at]")).toBeAttached();
    await hydrated(page);
    const filters = await openFilters(page);
    const chip = filters.getByTestId("label-filter").filter({ hasText: label });
    await expect(chip).toBeVisible();
    await chip.click();
    await expect(page).toHaveURL(/labels=\d+/);
    await expect(chip).toHaveAttribute("aria-pressed", "true");
    const box = filters.getByRole("checkbox", { name: `Tampilkan akun ${account}` });
    await expect(box).toBeVisible();
    await box.click();
    await expect(page).toHaveURL(/accounts=/);
  });

  test("a saved list whose session is gone is not shown: the app goes to the login page", async ({ page, context }) => {
    await logIn(page, "agent1@serambi.test", "serambi-agent");
    await hydrated(page);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.goto("/inbox");
    await hydrated(page);
    await expect.poll(() => keptInbox(page)).toBe(true);
    // The session ends without this device logging out (expired, or ended elsewhere).
    await recordRowsAtInteractive(page);
    await context.clearCookies();
    await page.goto("/inbox");
    expect(await rowsAtInteractive(page), "a chat row was on screen without a session").toBe(0);
    await expect(page).toHaveURL(/\/login/);
    await expect.poll(() => keptInbox(page)).toBe(false);
  });
});
