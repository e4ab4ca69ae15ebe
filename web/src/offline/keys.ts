// What the app and its service worker (sw.ts) agree on about downloaded media: one Cache Storage cache, each
// file keyed by its address without the query (a signed address's signature changes with every play answer;
// the object under /media/<course>/<content>/<upload>/ never does), and two headers on the stored responses.

export const MEDIA_CACHE = "karmayogi-media-v1";
/** When the stored file stops being served (epoch ms): the `expiresAt` of the play answer it was downloaded with. */
export const EXPIRES_HEADER = "X-Karmayogi-Offline-Expires";
/** On a video's rewritten master playlist (only the downloaded rendition): served only when the network fails. */
export const MASTER_HEADER = "X-Karmayogi-Offline-Master";
/** The Background Sync tag of the heartbeat queue, and the messages between the worker and the app. */
export const SYNC_TAG = "karmayogi-heartbeats";
export type WorkerMessage = { type: "flush-heartbeats" } | { type: "navigate"; url: string };

export function mediaKey(address: string, base: string): string {
  const url = new URL(address, base);
  return `${url.origin}${url.pathname}`;
}

/** A push message's `url` (an app path such as /events/e1, or /app/...) as an address of the app. */
export function appAddress(path: string | undefined, origin: string): string {
  const fallback = `${origin}/app/`;
  if (!path) return fallback;
  try {
    const url = new URL(path, origin);
    if (url.origin !== origin) return fallback;
    return url.pathname.startsWith("/app/") || url.pathname === "/app"
      ? url.href
      : `${origin}/app${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
