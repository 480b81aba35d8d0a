import { expect, request, type APIRequestContext, type Page } from "@playwright/test";

/** Waits until the wasm has taken over the page (clicks before that are lost). An
 * admin page's own code is a lazy chunk fetched after the main bundle: wait for it too. */
export async function hydrated(page: Page) {
  await expect(page.locator("body[data-hydrated='true']")).toBeAttached();
  const path = new URL(page.url()).pathname;
  if (path.startsWith("/admin/") && path !== "/admin/inbox") {
    await expect(page.locator("body")).toHaveAttribute("data-admin-page", path);
  }
}

/** Logs in through the login form and waits for the inbox. */
export async function logIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await hydrated(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Kata sandi").fill(password);
  await page.getByRole("button", { name: "Masuk" }).click();
  await expect(page).toHaveURL(/\/inbox$/);
}

/** The chat-list filters: on a phone or tablet they fold behind the "Filter" button,
 * which this opens when it is shown and closed; on a desktop they are always there. */
export async function openFilters(page: Page) {
  const toggle = page.getByTestId("filter-toggle");
  if ((await toggle.isVisible()) && (await toggle.getAttribute("aria-expanded")) !== "true") {
    await toggle.click();
  }
  return page.getByTestId("filter-panel");
}

/** Opens the sender profile from the chat header: its (i) button, or, where the chat
 * panel is narrow (a phone, a tablet), the same entry in the header's ⋮ menu. */
export async function openProfile(page: Page) {
  await expect(page.getByTestId("chat-header")).toBeVisible();
  const direct = page.getByTestId("profile-button");
  if (await direct.isVisible()) {
    await direct.click();
  } else {
    await page.getByTestId("chat-menu").click();
    await page.getByRole("menuitem", { name: "Profil pengirim" }).click();
  }
}

/** Every admin page, in the order of the admin bar. */
export const ADMIN_PAGES = [
  "/admin/labels",
  "/admin/spam",
  "/admin/auto-reply",
  "/admin/templates",
  "/admin/team",
  "/admin/accounts",
  "/admin/settings",
  "/admin/analytics",
  "/admin/notifications",
  "/admin/audit",
];

/** A REST client of its own, logged in as the demo admin (a second device, say). */
export async function adminApi(baseURL: string): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL });
  const res = await api.post("/api/auth/login", {
    data: { email: "admin@serambi.test", password: "serambi-admin" },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
  return api;
}
