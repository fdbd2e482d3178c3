/* The course's service worker: the book read offline, on the reader's request.
 *
 * coursekit.offline writes this file at the site's root when the book is built, with the
 * build's version and the list of files that make up the course (pages, scripts, styles, data,
 * fonts; the PDF only when the reader asks for it). Pages and files a reader opens are kept as
 * they are read; "Keep the course on this device" (offline.js) fetches all the rest. A rebuilt
 * book has a new version: its worker replaces this one and deletes the old copies.
 */
"use strict";

const VERSION = "__VERSION__";
const FILES = __FILES__;
const PDF = __PDF__;
const PREFIX = "after-minusma-";
const CACHE = PREFIX + VERSION;

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

function key(url) {
  const u = new URL(url, self.registration.scope);
  u.search = "";
  u.hash = "";
  if (u.pathname.endsWith("/")) u.pathname += "index.html";
  return u.href;
}

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET" || !req.url.startsWith(self.registration.scope)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(key(req.url));
    if (hit) return hit;
    try {
      // revalidated, so never an older build's file from the HTTP cache (a navigation's own
      // request cannot take options: fetch its URL)
      const res = await fetch(req.mode === "navigate" ? req.url : req, { cache: "no-cache" });
      if (res.ok && res.type === "basic" && !new URL(req.url).pathname.endsWith("/sw.js")) {
        await cache.put(key(req.url), res.clone());
      }
      return res;
    } catch (err) {
      if (req.mode === "navigate") {
        const home = await cache.match(key("intro.html"));
        if (home) return home;
      }
      throw err;
    }
  })());
});

async function status(withPdf) {
  const cache = await caches.open(CACHE);
  const wanted = FILES.concat(withPdf && PDF ? [PDF] : []);
  let kept = 0, bytes = 0, total = 0;
  for (const [path, size] of wanted) {
    total += size;
    if (await cache.match(key(path))) { kept += 1; bytes += size; }
  }
  return { version: VERSION, files: wanted.length, kept, bytes, total,
           pdf: PDF ? PDF[1] : 0, pdfKept: !!(PDF && await cache.match(key(PDF[0]))) };
}

async function keepAll(withPdf, reply) {
  const cache = await caches.open(CACHE);
  const wanted = FILES.concat(withPdf && PDF ? [PDF] : []);
  let failed = 0;
  for (let i = 0; i < wanted.length; i += 6) {
    await Promise.all(wanted.slice(i, i + 6).map(async ([path]) => {
      if (await cache.match(key(path))) return;
      try {
        const res = await fetch(key(path), { cache: "no-cache" });
        if (!res.ok) throw new Error(res.status);
        await cache.put(key(path), res);
      } catch (e) { failed += 1; }
    }));
    reply({ type: "progress", ...(await status(withPdf)) });
  }
  reply({ type: failed ? "failed" : "ready", failed, ...(await status(withPdf)) });
}

self.addEventListener("message", (event) => {
  const msg = event.data || {};
  const port = event.ports && event.ports[0];
  const reply = (m) => port && port.postMessage(m);
  if (msg.type === "status") event.waitUntil(status(msg.pdf).then((s) => reply({ type: "status", ...s })));
  if (msg.type === "keep") event.waitUntil(keepAll(!!msg.pdf, reply));
  if (msg.type === "forget") {
    event.waitUntil(caches.delete(CACHE).then(() => status(false)).then((s) => reply({ type: "status", ...s })));
  }
});
