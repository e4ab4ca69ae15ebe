// The installable app: the service worker (sw.ts, built to /app/sw.js) registered for /app/, the offline
// queue of heartbeats started, expired downloads removed, and the worker's messages (a notification clicked:
// go to its page; a Background Sync: send the queue) handled.

import { flushQueue, startQueue } from "./offline/queue";
import { purgeExpiredDownloads } from "./offline/downloads";
import type { WorkerMessage } from "./offline/keys";

export function startPwa(navigate: (path: string) => void): void {
  startQueue();
  void purgeExpiredDownloads().catch(() => 0);
  if (!("serviceWorker" in navigator) || !import.meta.env.PROD) return;
  navigator.serviceWorker.addEventListener("message", (event: MessageEvent<WorkerMessage>) => {
    const message = event.data;
    if (message?.type === "flush-heartbeats") void flushQueue().catch(() => undefined);
    if (message?.type === "navigate") {
      const url = new URL(message.url, window.location.href);
      if (url.origin === window.location.origin && url.pathname.startsWith(import.meta.env.BASE_URL)) {
        navigate(`/${url.pathname.slice(import.meta.env.BASE_URL.length)}${url.search}`);
      } else {
        window.location.assign(url.href);
      }
    }
  });
  void navigator.serviceWorker
    .register(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL })
    .catch((error: unknown) => console.warn("The service worker was not registered:", error));
}
