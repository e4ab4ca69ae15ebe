// The app's IndexedDB (through `idb`): the courses downloaded for offline use and the heartbeats waiting for
// the network. Media bytes are not here but in Cache Storage (keys.ts), where the service worker reads them.

import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { PlayOut } from "../players";

export interface DownloadedContent {
  contentId: string;
  /** The content's title (the offline library lists it without the course page). */
  title: string;
  type: string;
  /** The last play answer (its signed address, `expiresAt`, `resume`): what the player opens offline. */
  play: PlayOut;
  /** The media cache's keys of the stored files. */
  files: string[];
  bytes: number;
}

export interface DownloadedCourse {
  courseId: string;
  /** The officer who downloaded it: its offline library shows their name, its heartbeats are theirs. */
  userId: string;
  userName: string;
  title: string;
  /** GET /courses/{id} and GET /enrolments/{id} as they were when downloaded (the pages shown offline). */
  course: unknown;
  enrolmentId: string;
  enrolment: unknown;
  contents: Record<string, DownloadedContent>;
  bytes: number;
  downloadedAt: number;
  /** The earliest `expiresAt` of its contents' play answers (epoch ms): removed after it. */
  expiresAt: number;
}

export interface QueuedHeartbeat {
  id?: number;
  /** Whose heartbeat it is: sent only while that officer is signed in (no owner: sent by whoever is). */
  userId?: string;
  path: string;
  body: Record<string, unknown> & { sessionId: string; seq: number; at: string };
  queuedAt: number;
}

interface OfflineSchema extends DBSchema {
  downloads: { key: string; value: DownloadedCourse };
  heartbeats: { key: number; value: QueuedHeartbeat };
}

let opened: Promise<IDBPDatabase<OfflineSchema>> | null = null;

export function offlineDb(): Promise<IDBPDatabase<OfflineSchema>> {
  opened ??= openDB<OfflineSchema>("karmayogi-offline", 1, {
    upgrade(db) {
      db.createObjectStore("downloads", { keyPath: "courseId" });
      db.createObjectStore("heartbeats", { keyPath: "id", autoIncrement: true });
    },
  });
  return opened;
}
