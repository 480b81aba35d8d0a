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
// A third server for the team tests (templates, WhatsApp's 24-hour window): its own
// database, Twilio credentials, and a fake Twilio on loopback that records each send.
const teamPort = port + 2;
const teamURL = `http://127.0.0.1:${teamPort}`;
const fakeTwilioPort = port + 3;
process.env.SERAMBI_E2E_FAKE_TWILIO ??= `http://127.0.0.1:${fakeTwilioPort}`;
process.env.SERAMBI_E2E_TEAM_DB ??= join(dataDir, "team.db");
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
  // A `test.only` left in a file would silently skip the rest of the suite on CI.
  forbidOnly: !!process.env.CI,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL,
    screenshot: "on",
    trace: "retain-on-failure",
    // The service worker would answer a reload of /inbox with its saved copy; the
    // tests of the installed app (phone.spec.ts) allow it, the others see the network.
    serviceWorkers: "block",
  },
  projects: [
    // Tests tagged @phone check the one-panel phone layout and run on phones only;
    // phone.spec.ts runs here alone and sets its own widths (360, 390 and 820).
    {
      name: "desktop",
      grepInvert: /@phone/,
      testIgnore: /(realtime|team|phone)\.spec/,
      use: { ...chromium, viewport: { width: 1440, height: 900 } },
    },
    {
      name: "tablet",
      grepInvert: /@phone/,
      testIgnore: /(realtime|team|phone)\.spec/,
      use: { ...chromium, viewport: { width: 820, height: 1180 } },
    },
    {
      name: "phone",
      testIgnore: /(realtime|team)\.spec/,
      use: { ...chromium, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
    },
    // Leads arriving, ticking down, escalating and locking, watched in two browsers.
    {
      name: "realtime",
      testMatch: /realtime\.spec/,
      use: { ...chromium, baseURL: realtimeURL, viewport: { width: 1440, height: 900 } },
    },
    // Templates and the team, on the team server, at desktop and phone size.
    {
      name: "team-desktop",
      testMatch: /team\.spec/,
      use: { ...chromium, baseURL: teamURL, viewport: { width: 1440, height: 900 } },
    },
    {
      name: "team-phone",
      testMatch: /team\.spec/,
      use: {
        ...chromium,
        baseURL: teamURL,
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
      },
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
    {
      command: `node end2end/fake-twilio.mjs ${fakeTwilioPort}`,
      cwd: repoRoot,
      url: `http://127.0.0.1:${fakeTwilioPort}/healthz`,
      reuseExistingServer: false,
      timeout: 20_000,
    },
    {
      command: binary,
      cwd: repoRoot,
      url: `${teamURL}/readyz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        DATABASE_URL: `sqlite://${process.env.SERAMBI_E2E_TEAM_DB}?mode=rwc`,
        SERAMBI_DEMO: "1",
        SERAMBI_MEDIA_DIR: join(dataDir, "media-team"),
        LEPTOS_SITE_ADDR: `127.0.0.1:${teamPort}`,
        SERAMBI_ESCALATION_TIMEOUT: "2h",
        TWILIO_ACCOUNT_SID: "ACe2e00000000000000000000000000",
        TWILIO_AUTH_TOKEN: "e2e-twilio-token",
        TWILIO_API_BASE_URL: `http://127.0.0.1:${fakeTwilioPort}`,
        RUST_LOG: "warn",
      },
    },
  ],
});
