// A real HTTP server on loopback standing in for Twilio's Messages API in the browser
// tests: it answers every send with 201 "queued" and lists what it received at
// GET /requests (form fields in order), so a test can check the exact form.
import { createServer } from "node:http";
import { randomBytes } from "node:crypto";

const port = Number(process.argv[2] ?? process.env.FAKE_TWILIO_PORT);
const received = [];

createServer((req, res) => {
  if (req.method === "GET" && (req.url === "/requests" || req.url === "/healthz")) {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(req.url === "/requests" ? received : { ok: true }));
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
    const sid = "SM" + randomBytes(16).toString("hex");
    res.writeHead(201, { "content-type": "application/json" });
    res.end(JSON.stringify({ sid, status: "queued", error_code: null, error_message: null }));
  });
}).listen(port, "127.0.0.1");
