// A real HTTP server on loopback standing in for Twilio's Messages API in the browser
// tests: it answers every send with 201 "queued" and lists what it received at
// GET /requests (form fields in order), so a test can check the exact form and count
// the sends. POST /refuse-next?to=whatsapp:+62… makes the next send to that number
// answer as Twilio refuses an invalid recipient (400, code 21211): a lasting failure
// that Serambi does not retry by itself.
import { createServer } from "node:http";
import { randomBytes } from "node:crypto";

const port = Number(process.argv[2] ?? process.env.FAKE_TWILIO_PORT);
const received = [];
const refuseNext = new Set();

createServer((req, res) => {
  if (req.method === "GET" && (req.url === "/requests" || req.url === "/healthz")) {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(req.url === "/requests" ? received : { ok: true }));
    return;
  }
  if (req.method === "POST" && req.url?.startsWith("/refuse-next?")) {
    const to = new URL(req.url, "http://fake").searchParams.get("to");
    if (to) refuseNext.add(to);
    res.writeHead(to ? 204 : 400);
    res.end();
    return;
  }
  const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.url ?? "");
  if (req.method !== "POST" || !match) {
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ code: 20404, message: "not found", status: 404 }));
    return;
  }
  let body = "";
  req.setEncoding("utf8");
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    const form = [...new URLSearchParams(body).entries()];
    received.push({ account: match[1], form });
    const to = form.find(([k]) => k === "To")?.[1];
    if (to && refuseNext.delete(to)) {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ code: 21211, message: `The 'To' number ${to} is not a valid phone number.`, status: 400 }));
      return;
    }
    const sid = "SM" + randomBytes(16).toString("hex");
    res.writeHead(201, { "content-type": "application/json" });
    res.end(JSON.stringify({ sid, status: "queued", error_code: null, error_message: null }));
  });
}).listen(port, "127.0.0.1");
