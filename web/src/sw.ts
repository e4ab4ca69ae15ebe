// The app's service worker (built by vite-plugin-pwa's injectManifest into /app/sw.js, scope /app/):
// - the app shell precached by Workbox (scripts, styles, the entry page, icons; old versions cleaned up), and
//   every navigation under /app/ answered with the entry page (client-side routes), so the app starts offline;
// - /app/config.json from the network, else the last copy;
// - /media/ (the CDN's signed files): a file the learner downloaded for offline use (offline/downloads.ts) is
//   answered from the media cache (byte ranges too), until its signed access expires; a video's master
//   playlist goes to the network first and, when that fails, the stored one naming only the downloaded
//   rendition; anything else goes to the network as usual;
// - Web Push: `push` shows the platform's message {title, body, url, kind}; `notificationclick` focuses an
//   open window of the app on the message's page (or opens one);
// - Background Sync: the heartbeat queue's tag asks an open window to send the queue (offline/queue.ts; the
//   window holds the learner's token, the worker does not).

import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from "workbox-precaching";
import { NavigationRoute, registerRoute } from "workbox-routing";
import { NetworkFirst } from "workbox-strategies";
import { createPartialResponse } from "workbox-range-requests";
import { clientsClaim } from "workbox-core";
import { appAddress, EXPIRES_HEADER, MASTER_HEADER, MEDIA_CACHE, mediaKey, SYNC_TAG, type WorkerMessage } from "./offline/keys";

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

self.skipWaiting();
clientsClaim();
cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);

registerRoute(new NavigationRoute(createHandlerBoundToURL("/app/index.html"), { allowlist: [/^\/app(\/|$)/] }));

const CONFIG_CACHE = "karmayogi-config";
const CONFIG_URL = "/app/config.json";
registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname === CONFIG_URL,
  new NetworkFirst({ cacheName: CONFIG_CACHE, networkTimeoutSeconds: 5 }),
);
// The first page load fetched config.json before this worker controlled it: keep a copy from the start, so
// that the app finds its API even if its next start is offline.
self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CONFIG_CACHE).then((cache) => cache.add(CONFIG_URL)).catch(() => undefined));
});

async function storedMedia(request: Request): Promise<Response | undefined> {
  const cache = await caches.open(MEDIA_CACHE);
  const key = mediaKey(request.url, self.location.origin);
  const stored = await cache.match(key);
  if (!stored) return undefined;
  const expires = Number(stored.headers.get(EXPIRES_HEADER) ?? 0);
  if (expires && expires < Date.now()) {
    await cache.delete(key); // the signed access it came with has ended
    return undefined;
  }
  return stored;
}

registerRoute(
  ({ url, request }) => url.origin === self.location.origin && url.pathname.startsWith("/media/") && request.method === "GET",
  async ({ request }) => {
    const stored = await storedMedia(request);
    if (!stored) return fetch(request);
    if (stored.headers.get(MASTER_HEADER)) {
      try {
        const fresh = await fetch(request);
        if (fresh.ok) return fresh;
      } catch {
        /* offline: the downloaded rendition */
      }
      return stored;
    }
    return request.headers.has("range") ? createPartialResponse(request, stored) : stored;
  },
);

interface PushMessage {
  title?: string;
  body?: string;
  url?: string;
  kind?: string;
}

self.addEventListener("push", (event) => {
  let message: PushMessage = {};
  try {
    message = (event.data?.json() ?? {}) as PushMessage;
  } catch {
    message = { body: event.data?.text() ?? "" };
  }
  const url = appAddress(message.url, self.location.origin);
  event.waitUntil(
    self.registration.showNotification(message.title || "Karmayogi", {
      body: message.body ?? "",
      data: { url, kind: message.kind ?? "" },
      icon: "/app/icons/icon-192.png",
      badge: "/app/icons/maskable-192.png",
      tag: message.kind || undefined,
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = appAddress((event.notification.data as { url?: string } | null)?.url, self.location.origin);
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    const open = windows.find((client) => new URL(client.url).pathname.startsWith("/app"));
    if (open) {
      // The app's router moves to the page (no reload), then the window comes to the front.
      if (open.url !== url) open.postMessage({ type: "navigate", url } satisfies WorkerMessage);
      await open.focus().catch(() => undefined);
      return;
    }
    await self.clients.openWindow(url);
  })());
});

interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}

self.addEventListener("sync", (event) => {
  const sync = event as SyncEvent;
  if (sync.tag !== SYNC_TAG) return;
  sync.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: "window" });
    for (const client of windows) client.postMessage({ type: "flush-heartbeats" } satisfies WorkerMessage);
  })());
});
