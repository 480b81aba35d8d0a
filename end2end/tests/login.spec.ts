import { expect, test } from "@playwright/test";
import { hydrated, logIn } from "./helpers";

test("a demo agent logs in and sees the shared number as two threads, one per account", async ({
  page,
}, testInfo) => {
  await logIn(page, "agent1@serambi.test", "serambi-agent");
  await expect(page.getByTestId("current-user")).toContainText("Andi Pratama");

  const budi = page.getByTestId("chat-item").filter({ hasText: "Budi Santoso" });
  await expect(budi).toHaveCount(2);
  await expect(budi.filter({ hasText: "Toko A" })).toHaveCount(1);
  await expect(budi.filter({ hasText: "Toko B" })).toHaveCount(1);
  // The two badges are told apart by colour as well as by name.
  const colours = await budi
    .locator("[data-account-id]")
    .evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
  expect(new Set(colours).size).toBe(2);
  // An agent sees only their own leads.
  await expect(page.getByText("Pemilik:")).toHaveCount(0);

  await page.screenshot({ path: testInfo.outputPath("inbox.png"), fullPage: true });
});

test("a wrong password shows an error and stays on the login page", async ({ page }, testInfo) => {
  await page.goto("/login");
  await hydrated(page);
  await page.getByLabel("Email").fill("agent1@serambi.test");
  await page.getByLabel("Kata sandi").fill("wrong-password");
  await page.getByRole("button", { name: "Masuk" }).click();
  await expect(page.getByRole("alert")).toHaveText("Email atau kata sandi salah.");
  await expect(page).toHaveURL(/\/login/);
  await page.screenshot({ path: testInfo.outputPath("login-error.png") });
});

test("the inbox without a session redirects to the login page", async ({ page }) => {
  const response = await page.goto("/inbox");
  await expect(page).toHaveURL(/\/login\?next=\/inbox$/);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("button", { name: "Masuk" })).toBeVisible();
});

test("an admin sees every thread with its owner, and logging out ends the session", async ({
  page,
}) => {
  await logIn(page, "admin@serambi.test", "serambi-admin");
  await expect(page.getByTestId("chat-item").first()).toBeVisible();
  const count = await page.getByTestId("chat-item").count();
  // Only the rows in view are rendered; the rest come as the list scrolls.
  expect(count).toBeGreaterThanOrEqual(10);
  await expect(page.getByText("Pemilik: Andi Pratama").first()).toBeVisible();

  await page.getByRole("button", { name: "Keluar" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/inbox");
  await expect(page).toHaveURL(/\/login\?next=/);
});
