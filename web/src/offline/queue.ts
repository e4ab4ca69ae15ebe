// Heartbeats that could not be sent (the network failed, or the browser is offline) wait in IndexedDB with
// the time they were made (`at`, the client's clock: the server checks plausibility against it) and their
// sessionId and seq, and go out in the order they were made when the connection returns: the `online` event,
// the app's start, a Background Sync (the service worker asks an open window), or every 30 s while some wait.
//
// Order matters: the server refuses a seq not above the session's last one, so once one heartbeat waits,
// every later one waits behind it (Heartbeats asks `mustQueue()`). A queued heartbeat the server refuses
// (400 IMPLAUSIBLE_PROGRESS, e.g. a seq it already counted when an answer was lost, or 404/409) is dropped
// with a log line; a network failure, 429 or 5xx stops the run, to be tried again later.
//
// Each queued heartbeat carries its owner's user id (the signed-in officer's, or the download's owner's in the
// offline library, where nobody is signed in): the queue sends only the signed-in officer's own heartbeats;
// another officer's wait for them to sign in on this device, or go with their downloads when those expire.

import { api, ApiError, session } from "../api";
import { offlineDb, type QueuedHeartbeat } from "./db";
import { SYNC_TAG } from "./keys";
import type { HeartbeatResult } from "../heartbeats";
import { loadMe } from "../state";

// Known without a read, so that a heartbeat sent on pagehide need not wait for IndexedDB: what is stored (of
// the signed-in officer's, or of anybody's while nobody is), and what is being added.
let stored = 0;
let adding = 0;
let flushing: Promise<number> | null = null;
const listeners = new Set<(item: QueuedHeartbeat, result: HeartbeatResult) => void>();

export function mustQueue(): boolean {
  return stored + adding > 0 || !navigator.onLine;
}

export function queuedCount(): number {
  return stored + adding;
}

/** Called with each queued heartbeat the server counted (a player updates its progress from it). */
export function onQueuedSent(listener: (item: QueuedHeartbeat, result: HeartbeatResult) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function enqueue(path: string, body: QueuedHeartbeat["body"], userId: string | undefined): Promise<void> {
  adding += 1;
  try {
    await (await offlineDb()).add("heartbeats", { userId, path, body, queuedAt: Date.now() });
    stored += 1;
  } finally {
    adding -= 1;
  }
  void requestBackgroundSync();
}

async function requestBackgroundSync(): Promise<void> {
  try {
    const registration = (await navigator.serviceWorker?.getRegistration()) as
      | (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } })
      | undefined;
    await registration?.sync?.register(SYNC_TAG);
  } catch {
    /* no Background Sync here: the online event and the app's start send the queue */
  }
}

/** Whether the officer signed in as `userId` may send this queued heartbeat (one without an owner: anybody). */
export function sendableBy(item: QueuedHeartbeat, userId: string): boolean {
  return !item.userId || item.userId === userId;
}

/** Sends the signed-in officer's queue in order; resolves with how many of theirs still wait. One run at a time. */
export function flushQueue(): Promise<number> {
  flushing ??= (async () => {
    try {
      const db = await offlineDb();
      const me = session.loggedIn ? await loadMe() : null;
      let stopped = !me;
      while (!stopped && me) {
        // In key order: the order they were made. Another officer's stay queued.
        const items = (await db.getAll("heartbeats")).filter((item) => sendableBy(item, me.userId));
        if (!items.length) break;
        for (const item of items) {
          try {
            const result = await api.post<HeartbeatResult>(item.path, item.body);
            for (const listener of listeners) listener(item, result);
          } catch (error) {
            const retryable = !(error instanceof ApiError) || error.status === 0 || error.status === 401 || error.status === 429 || error.status >= 500;
            if (retryable) {
              stopped = true;
              break;
            }
            console.info("A queued heartbeat was not counted:", error.code, error.message, error.details);
          }
          await db.delete("heartbeats", item.id!);
        }
      }
      const left = await db.getAll("heartbeats");
      stored = me ? left.filter((item) => sendableBy(item, me.userId)).length : left.length;
      return stored + adding;
    } finally {
      flushing = null;
    }
  })();
  return flushing;
}

/** At the app's start: count what waits, send it, and send again whenever the connection returns. */
export function startQueue(): void {
  const flush = () => void flushQueue().catch(() => undefined);
  window.addEventListener("online", flush);
  session.onChange((loggedIn) => loggedIn && flush());
  window.setInterval(() => {
    if (stored + adding > 0 && navigator.onLine) flush();
  }, 30_000);
  flush();
}
