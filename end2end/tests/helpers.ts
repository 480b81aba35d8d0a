import { expect, type Page } from "@playwright/test";

/** Waits until the wasm has taken over the page (clicks before that are lost). */
export async function hydrated(page: Page) {
  await expect(page.locator("body[data-hydrated='true']")).toBeAttached();
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
