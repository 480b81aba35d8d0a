import { defineConfig, devices } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

// Every run gets a fresh SQLite database in a new temporary folder and its own port,
// so runs never share state and never collide with a developer's server on :3000.
// The config is loaded again in each worker process: the first load picks the values
// and hands them down through the environment.
process.env.SERAMBI_E2E_DATA ??= mkdtempSync(join(tmpdir(), "serambi-e2e-"));
process.env.SERAMBI_E2E_PORT ??= String(20000 + (process.pid % 20000));
const dataDir = process.env.SERAMBI_E2E_DATA;
const port = Number(process.env.SERAMBI_E2E_PORT);
const baseURL = `http://127.0.0.1:${port}`;
// A second server for the realtime tests: its own database and a 5-second escalation
// timeout, so leads escalate while a test watches (on the main server they never do).
const realtimePort = port + 1;
const realtimeURL = `http://127.0.0.1:${realtimePort}`;
const repoRoot = resolve(__dirname, "..");
const binary =
  process.env.SERAMBI_BIN ??
  join(process.env.CARGO_TARGET_DIR ?? join(repoRoot, "target"), "release", "serambi");

const chromium = {
  browserName: "chromium" as const,
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  },
};

export default defineConfig({
  testDir: "./tests",
  outputDir: "./test-results",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL,
    screenshot: "on",
    trace: "retain-on-failure",
  },
  projects: [
    // Tests tagged @phone check the one-panel phone layout and run on phones only.
    {
      name: "desktop",
      grepInvert: /@phone/,
      testIgnore: /realtime\.spec/,
      use: { ...chromium, viewport: { width: 1440, height: 900 } },
    },
    {
      name: "tablet",
      grepInvert: /@phone/,
      testIgnore: /realtime\.spec/,
      use: { ...chromium, viewport: { width: 820, height: 1180 } },
    },
    {
      name: "phone",
      testIgnore: /realtime\.spec/,
      use: { ...chromium, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
    },
    // Leads arriving, ticking down, escalating and locking, watched in two browsers.
    {
      name: "realtime",
      testMatch: /realtime\.spec/,
      use: { ...chromium, baseURL: realtimeURL, viewport: { width: 1440, height: 900 } },
    },
  ],
  webServer: [
    {
      command: binary,
      cwd: repoRoot,
      url: `${baseURL}/readyz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        DATABASE_URL: `sqlite://${dataDir}/serambi.db?mode=rwc`,
        SERAMBI_DEMO: "1",
        SERAMBI_MEDIA_DIR: join(dataDir, "media"),
        LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
        // Leads never escalate under the other tests' feet.
        SERAMBI_ESCALATION_TIMEOUT: "2h",
        RUST_LOG: "warn",
      },
    },
    {
      command: binary,
      cwd: repoRoot,
      url: `${realtimeURL}/readyz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        DATABASE_URL: `sqlite://${dataDir}/realtime.db?mode=rwc`,
        SERAMBI_DEMO: "1",
        SERAMBI_MEDIA_DIR: join(dataDir, "media-realtime"),
        LEPTOS_SITE_ADDR: `127.0.0.1:${realtimePort}`,
        SERAMBI_ESCALATION_TIMEOUT: "5s",
        RUST_LOG: "warn",
      },
    },
  ],
});
