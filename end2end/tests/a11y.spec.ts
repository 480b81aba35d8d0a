import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN_PAGES, hydrated, logIn, openFilters, openProfile } from "./helpers";

// axe-core on every page and dialog, at the desktop, tablet and phone sizes (this file
// runs in those three projects): no serious or critical violation of WCAG 2.1 A/AA.

/** axe's serious and critical findings on the page as it is now, one line each. */
async function seriousViolations(page: Page, what: string): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${what}: ${v.id} (${v.impact}) at ${v.nodes
          .slice(0, 3)
          .map((n) => `${n.target.join(" ")} ${n.html.slice(0, 100)} [${(n.failureSummary ?? "").replace(/\s+/g, " ").slice(0, 160)}]`)
          .join(" | ")}${v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ""}`,
    );
}

/** Soft: one run lists every page's findings, and the test still fails on any. */
async function expectAccessible(page: Page, what: string) {
  expect.soft(await seriousViolations(page, what), what).toEqual([]);
}

test("the login page and the inbox, with its chat and dialogs, pass axe", async ({ page }) => {
  // Eight pages and dialogs, each read whole by axe.
  test.slow();
  await page.goto("/login");
  await hydrated(page);
  await expectAccessible(page, "login");
  // A failed login shows its error, which must be readable too.
  await page.getByLabel("Email").fill("admin@serambi.test");
  await page.getByLabel("Kata sandi").fill("wrong-password");
  await page.getByRole("button", { name: "Masuk" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expectAccessible(page, "login error");

  await logIn(page, "admin@serambi.test", "serambi-admin");
  await hydrated(page);
  await expect(page.getByTestId("chat-item").first()).toBeVisible();
  await expectAccessible(page, "inbox");

  const filters = await openFilters(page);
  await expect(filters).toBeVisible();
  await expectAccessible(page, "filters");
  if ((await page.getByTestId("filter-toggle").getAttribute("aria-expanded")) === "true") {
    await page.keyboard.press("Escape");
  }

  await page.getByTestId("chat-item").first().getByRole("link").click();
  await expect(page.getByTestId("chat-header")).toBeVisible();
  await expect(page.getByTestId("composer")).toBeVisible();
  await expectAccessible(page, "chat");

  if (await page.getByTestId("chat-menu").isVisible()) {
    await page.getByTestId("chat-menu").click();
    await expect(page.getByRole("menu")).toBeVisible();
    await expectAccessible(page, "chat menu");
    // The open menu holds the focus, so Esc closes it and gives the focus back to ⋮.
    await expect(page.getByRole("menuitem").first()).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("menu")).toBeHidden();
    await expect(page.getByTestId("chat-menu")).toBeFocused();
    await page.getByTestId("chat-menu").click();
    await expect(page.getByRole("menu")).toBeVisible();
    // A tap beside the menu closes it.
    const size = page.viewportSize()!;
    await page.mouse.click(size.width / 2, size.height - 120);
    await expect(page.getByRole("menu")).toBeHidden();
  }

  await openProfile(page);
  await expect(page.getByTestId("profile-dialog")).toBeVisible();
  await expectAccessible(page, "sender profile");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("profile-dialog")).toBeHidden();

  await page.goto("/inbox");
  await hydrated(page);
  await page.getByTestId("new-message").click();
  await expect(page.getByTestId("new-message-dialog")).toBeVisible();
  await expectAccessible(page, "new message");
});

test("every admin page passes axe", async ({ page }) => {
  test.slow();
  await logIn(page, "admin@serambi.test", "serambi-admin");
  const found: string[] = [];
  for (const path of ADMIN_PAGES) {
    await page.goto(path);
    await hydrated(page);
    await expect(page.getByRole("main")).toBeVisible();
    found.push(...(await seriousViolations(page, path)));
  }
  expect(found).toEqual([]);
});

test("focus is visible on every control Tab reaches in the inbox", async ({ page }) => {
  await logIn(page, "admin@serambi.test", "serambi-admin");
  await hydrated(page);
  const unseen: string[] = [];
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press("Tab");
    // The focused look against the same control's look without focus: a shadow or an
    // outline it wears at rest is no focus ring.
    const seen = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const look = () => {
        const style = getComputedStyle(el);
        const outline =
          style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
            ? `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`
            : "none";
        return { outline, shadow: style.boxShadow };
      };
      const focused = look();
      el.blur();
      const resting = look();
      el.focus();
      const ring = focused.outline !== "none" && focused.outline !== resting.outline;
      const shadow = focused.shadow !== "none" && focused.shadow !== resting.shadow;
      const name = el.getAttribute("aria-label") ?? el.getAttribute("data-testid") ?? el.textContent?.trim().slice(0, 30);
      return { visible: ring || shadow, what: `${el.tagName.toLowerCase()} "${name}"` };
    });
    if (seen && !seen.visible) unseen.push(seen.what);
  }
  expect(unseen).toEqual([]);
});
