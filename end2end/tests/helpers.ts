import { expect, type Page } from "@playwright/test";

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
