import { expect, test } from "@playwright/test";
import { hydrated, logIn } from "./helpers";

test("a message played on the simulator page arrives in the inbox as a new lead", async ({
  page,
}, testInfo) => {
  await logIn(page, "admin@serambi.test", "serambi-admin");
  await page.goto("/dev/simulator");
  await hydrated(page);
  // A number unique to this run and project, so projects do not see each other's lead.
  const suffix = String(Date.now() % 10_000_000).padStart(7, "0");
  const number = `0813${suffix}`;
  await page.getByLabel("Dari nomor").fill(number);
  await page.getByLabel("Nama profil WhatsApp").fill(`Pelanggan ${suffix}`);
  await page.getByLabel("Ke akun").selectOption("acc-002");
  await page.getByLabel("Pesan").fill("Halo, stok masih ada?");
  await page.getByRole("button", { name: "Kirim pesan masuk" }).click();
  await expect(page.getByRole("status")).toHaveText("Pesan masuk terkirim.");
  await page.screenshot({ path: testInfo.outputPath("simulator.png") });

  await page.goto("/inbox");
  const lead = page.getByTestId("chat-item").filter({ hasText: `Pelanggan ${suffix}` });
  await expect(lead).toHaveCount(1);
  await expect(lead).toContainText("Toko B");
  await expect(lead).toContainText("Halo, stok masih ada?");
});

test("agents cannot use the simulator", async ({ page }) => {
  await logIn(page, "agent2@serambi.test", "serambi-agent");
  await page.goto("/dev/simulator");
  await expect(page.getByRole("alert")).toContainText("not allowed");
});
