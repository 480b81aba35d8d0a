// Serambi's service worker: the installed app opens at once.
//
// - The app's code, styles and icons (`/pkg/…` names carry their content's hash, so a
//   name never changes meaning) come from this worker's cache after their first load.
// - `/inbox` is answered with the last copy of the page kept here, marked with
//   `<meta name="serambi-saved-at">` so the page says it is the saved list, while the
//   network is asked for a fresh one; the page then fetches the list itself. Without a
//   kept copy the network answers, and its page is kept.
// - The kept page is shown only to a session the server confirms first
//   (`GET /api/auth/me`, a few hundred bytes, given `SESSION_CHECK_MS` to answer). A
//   session that has ended (logout, expiry, deactivation, a password reset) gets the
//   network's answer, the login page, and the kept page is deleted; a check that does
//   not answer in time gets the network's page, and no network at all a neutral page
//   that names nobody.
// - A logout deletes the kept page too.
// Nothing else is cached: every other page, API call and the live connection go to
// the network as if there were no worker.

const SHELL = "serambi-shell-v1";
const PAGES = "serambi-pages"; // app/src/pwa.rs: PAGES_CACHE
const INBOX = "/inbox";
// The app's code of a few releases; older names are dropped as new ones arrive.
const SHELL_LIMIT = 60;
// How long the server has to confirm the session before the kept list is withheld.
const SESSION_CHECK_MS = 3000;

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("serambi-shell-") && name !== SHELL) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === "/api/rpc/logout") {
    event.waitUntil(caches.delete(PAGES));
    return;
  }
  if (request.method !== "GET") return;
  if (request.mode === "navigate" && url.pathname === INBOX && url.search === "") {
    event.respondWith(inboxPage(event));
    return;
  }
  if (isShell(url.pathname)) event.respondWith(fromShell(request));
});

// The page asks for the list as it is now to be kept (the app went to the background).
self.addEventListener("message", (event) => {
  if (event.data === "serambi:keep-inbox") event.waitUntil(refreshInbox());
});

function isShell(path) {
  return (
    path.startsWith("/pkg/") ||
    path.startsWith("/icons/") ||
    path === "/favicon.svg" ||
    path === "/manifest.webmanifest"
  );
}

async function fromShell(request) {
  const cache = await caches.open(SHELL);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") {
    await cache.put(request, response.clone());
    const names = await cache.keys();
    for (const old of names.slice(0, Math.max(0, names.length - SHELL_LIMIT))) {
      await cache.delete(old);
    }
  }
  return response;
}

async function inboxPage(event) {
  const cache = await caches.open(PAGES);
  const kept = await cache.match(INBOX);
  if (!kept) {
    const response = await fetch(event.request);
    event.waitUntil(keep(response.clone()));
    return response;
  }
  const session = await sessionState();
  if (session === "ended") {
    await cache.delete(INBOX);
    return fetch(event.request).catch(() => offlinePage());
  }
  // Not confirmed in time: the network's own answer (the server checks the session
  // itself), or the neutral page when there is no network.
  if (session === "unknown") return fetch(event.request).catch(() => offlinePage());
  event.waitUntil(refreshInbox());
  const savedAt = kept.headers.get("x-serambi-saved-at") ?? String(Date.now());
  const html = (await kept.text()).replace(
    "<head>",
    `<head><meta name="serambi-saved-at" content="${Number(savedAt)}">`,
  );
  return new Response(html, { status: 200, headers: pageHeaders(kept.headers) });
}

// "live" when the server says the browser's session is valid, "ended" when it says it
// is not, "unknown" when it does not say in time.
async function sessionState() {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), SESSION_CHECK_MS);
  try {
    const response = await fetch("/api/auth/me", {
      credentials: "same-origin",
      cache: "no-store",
      signal: abort.signal,
    });
    if (response.ok) return "live";
    return response.status === 401 || response.status === 403 ? "ended" : "unknown";
  } catch {
    return "unknown";
  } finally {
    clearTimeout(timer);
  }
}

// Instead of the kept list when the session cannot be checked: no names, no numbers.
function offlinePage() {
  const html = `<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Serambi · tidak terhubung</title></head>
<body style="font-family:system-ui,sans-serif;background:#f1f5f9;color:#0f172a;margin:0;padding:2rem 1rem">
<main data-testid="offline-page" style="max-width:28rem;margin:0 auto;background:#fff;border-radius:.75rem;padding:1.5rem">
<h1 style="font-size:1.25rem;margin:0 0 .5rem">Tidak terhubung</h1>
<p style="margin:0 0 1rem;color:#475569">Serambi belum bisa memeriksa sesi Anda, jadi daftar percakapan tidak ditampilkan. Periksa koneksi, lalu coba lagi atau masuk kembali.</p>
<p style="margin:0;display:flex;gap:1rem"><a href="/inbox" style="color:#065f46;font-weight:600">Coba lagi</a>
<a href="/login?next=/inbox" style="color:#065f46;font-weight:600">Masuk</a></p>
</main></body></html>`;
  return new Response(html, {
    status: 503,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
  });
}

// Asks the network for `/inbox` and keeps the answer, or forgets the kept page when
// the session is gone.
async function refreshInbox() {
  try {
    const response = await fetch(INBOX, { credentials: "same-origin", redirect: "manual" });
    await keep(response);
  } catch {
    // Offline: the kept page stays, and still says it is the saved one.
  }
}

async function keep(response) {
  const cache = await caches.open(PAGES);
  if (response.type === "opaqueredirect" || response.status === 401 || response.redirected) {
    await cache.delete(INBOX);
    return;
  }
  const type = response.headers.get("content-type") ?? "";
  if (response.status !== 200 || !type.startsWith("text/html")) return;
  const headers = pageHeaders(response.headers);
  headers.set("x-serambi-saved-at", String(Date.now()));
  await cache.put(INBOX, new Response(await response.text(), { status: 200, headers }));
}

// The headers a kept page is served with: its type and its security headers (the
// policy's nonce matches the page's own scripts), without the transfer's encoding
// and length, which no longer describe the body.
function pageHeaders(from) {
  const headers = new Headers();
  for (const name of [
    "content-type",
    "content-security-policy",
    "x-content-type-options",
    "referrer-policy",
    "x-frame-options",
    "x-serambi-saved-at",
  ]) {
    const value = from.get(name);
    if (value !== null) headers.set(name, value);
  }
  return headers;
}
