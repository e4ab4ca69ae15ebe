// "Download for offline" (the course page): a course's pdf and audio files and the lowest rendition of its
// videos, stored in Cache Storage (keys.ts: keyed by the signed address without its signature) where the
// service worker answers the players from when the network is gone; the course, the enrolment and each
// content's last play answer are kept in IndexedDB (db.ts), since GET .../play itself fails offline.
//
// A download lives as long as the signed access it was made with (the play answers' `expiresAt`, two hours
// today): the service worker stops serving a file after it, and the app removes expired downloads at start.
// SCORM packages and links are not downloaded (a package may load anything of its folder; a link is elsewhere).

import { Parser, type Manifest } from "m3u8-parser";
import { api, seg } from "../api";
import type { PlayOut } from "../players";
import { offlineDb, type DownloadedContent, type DownloadedCourse } from "./db";
import { EXPIRES_HEADER, MASTER_HEADER, MEDIA_CACHE, mediaKey } from "./keys";

export const DOWNLOADED_TYPES = new Set(["video", "audio", "pdf"]);

export interface CourseLike {
  id: string;
  title: string;
  modules?: { contents: { id: string; title: string; type: string }[] }[];
}

export interface DownloadProgress {
  done: number;
  total: number;
  title: string;
}

function parse(text: string): Manifest {
  const parser = new Parser();
  parser.push(text);
  parser.end();
  return parser.manifest;
}

async function fetchOk(address: string): Promise<Response> {
  const response = await fetch(address, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`${response.status} ${address}`);
  return response;
}

class Store {
  files: string[] = [];
  bytes = 0;
  constructor(private readonly cache: Cache, private readonly expiresAt: number) {}

  /** Stores `body` under the address's key, with the expiry (and, for a rewritten master, its mark). */
  async put(address: string, body: Blob, contentType: string, extra: Record<string, string> = {}): Promise<void> {
    const key = mediaKey(address, window.location.href);
    const headers = { "Content-Type": contentType, "Content-Length": String(body.size), [EXPIRES_HEADER]: String(this.expiresAt), ...extra };
    await this.cache.put(key, new Response(body, { status: 200, headers }));
    this.files.push(key);
    this.bytes += body.size;
  }

  async copy(address: string): Promise<string> {
    const response = await fetchOk(address);
    const body = await response.blob();
    await this.put(address, body, response.headers.get("Content-Type") ?? "application/octet-stream");
    return address;
  }
}

/** A video: its master playlist's lowest-bandwidth variant, that variant's playlist and segments, and a master
 * playlist naming only it (served offline in place of the full ladder). */
async function storeLowestRendition(store: Store, masterAddress: string): Promise<void> {
  const masterText = await (await fetchOk(masterAddress)).text();
  const variants = parse(masterText).playlists ?? [];
  if (!variants.length) {
    // A media playlist, not a master: its segments are the only rendition.
    await storeVariant(store, masterAddress, masterText);
    return;
  }
  const lowest = [...variants].sort((a, b) => (a.attributes.BANDWIDTH ?? Infinity) - (b.attributes.BANDWIDTH ?? Infinity))[0]!;
  const variantAddress = new URL(lowest.uri, new URL(masterAddress, window.location.href)).href;
  await storeVariant(store, variantAddress, await (await fetchOk(variantAddress)).text());
  await store.put(masterAddress, new Blob([rewriteMaster(masterText, lowest.uri)]), "application/vnd.apple.mpegurl", { [MASTER_HEADER]: "1" });
}

async function storeVariant(store: Store, address: string, text: string): Promise<void> {
  const base = new URL(address, window.location.href);
  const uris = new Set<string>();
  for (const segment of parse(text).segments) {
    if (segment.map?.uri) uris.add(segment.map.uri);
    uris.add(segment.uri);
  }
  await store.put(address, new Blob([text]), "application/vnd.apple.mpegurl");
  for (const uri of uris) await store.copy(new URL(uri, base).href);
}

/** The master playlist with one variant: its header tags, then the chosen EXT-X-STREAM-INF and its URI.
 * (The platform's ladders carry audio in each rendition and no alternative renditions.) */
export function rewriteMaster(master: string, keptUri: string): string {
  const lines = master.split(/\r?\n/);
  const out: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!.trim();
    if (line.startsWith("#EXT-X-STREAM-INF")) {
      const uri = (lines[i + 1] ?? "").trim();
      if (uri === keptUri) out.push(line, uri);
      i += 1;
    } else if (line.startsWith("#EXT-X-I-FRAME-STREAM-INF") || line.startsWith("#EXT-X-MEDIA")) {
      continue;
    } else if (line.startsWith("#")) {
      out.push(line);
    }
  }
  return `${out.join("\n")}\n`;
}

async function storeContent(cache: Cache, enrolmentId: string, content: { id: string; title: string; type: string }): Promise<DownloadedContent> {
  const play = await api.get<PlayOut>(`/enrolments/${seg(enrolmentId)}/contents/${seg(content.id)}/play`);
  const expiresAt = play.expiresAt ? Date.parse(play.expiresAt) : Date.now() + 3600_000;
  const store = new Store(cache, expiresAt);
  if (play.type === "video") await storeLowestRendition(store, play.url);
  else await store.copy(play.url);
  return { contentId: content.id, title: content.title, type: play.type, play, files: store.files, bytes: store.bytes };
}

/** Downloads the course's pdf, audio and video contents (those whose file plays: a content without a READY
 * file is skipped) and records the download; a failure removes what was stored of it. */
export async function downloadCourse(
  course: CourseLike,
  enrolment: { id: string; body: unknown },
  owner: { userId: string; name: string },
  onProgress: (progress: DownloadProgress) => void,
): Promise<DownloadedCourse> {
  const contents = (course.modules ?? []).flatMap((m) => m.contents).filter((c) => DOWNLOADED_TYPES.has(c.type));
  const cache = await caches.open(MEDIA_CACHE);
  await navigator.storage?.persist?.().catch(() => false);
  const stored: Record<string, DownloadedContent> = {};
  try {
    for (const [index, content] of contents.entries()) {
      onProgress({ done: index, total: contents.length, title: content.title });
      try {
        stored[content.id] = await storeContent(cache, enrolment.id, content);
      } catch (error) {
        if ((error as { code?: string }).code === "MEDIA_NOT_READY") continue;
        throw error;
      }
    }
  } catch (error) {
    await Promise.all(Object.values(stored).flatMap((c) => c.files.map((key) => cache.delete(key))));
    throw error;
  }
  onProgress({ done: contents.length, total: contents.length, title: "" });
  const entries = Object.values(stored);
  const record: DownloadedCourse = {
    courseId: course.id,
    userId: owner.userId,
    userName: owner.name,
    title: course.title,
    course,
    enrolmentId: enrolment.id,
    enrolment: enrolment.body,
    contents: stored,
    bytes: entries.reduce((sum, c) => sum + c.bytes, 0),
    downloadedAt: Date.now(),
    expiresAt: Math.min(...entries.map((c) => (c.play.expiresAt ? Date.parse(c.play.expiresAt) : Infinity))),
  };
  await (await offlineDb()).put("downloads", record);
  return record;
}

/** The learner's download of a course, if it has not expired. */
export async function downloadOf(courseId: string, userId: string | undefined): Promise<DownloadedCourse | null> {
  try {
    const record = await (await offlineDb()).get("downloads", courseId);
    if (!record || record.expiresAt < Date.now() || (userId && record.userId !== userId)) return null;
    return record;
  } catch {
    return null;
  }
}

export async function deleteDownload(courseId: string): Promise<void> {
  const db = await offlineDb();
  const record = await db.get("downloads", courseId);
  if (record) {
    const cache = await caches.open(MEDIA_CACHE);
    await Promise.all(Object.values(record.contents).flatMap((c) => c.files.map((key) => cache.delete(key))));
  }
  await db.delete("downloads", courseId);
}

/** Every download that has not expired (the offline library), newest first. */
export async function listDownloads(): Promise<DownloadedCourse[]> {
  try {
    const all = await (await offlineDb()).getAll("downloads");
    return all.filter((d) => d.expiresAt >= Date.now()).sort((a, b) => b.downloadedAt - a.downloadedAt);
  } catch {
    return [];
  }
}

/** At the app's start: downloads whose signed access has ended are removed (files and records), and with them
 * the heartbeats their owner made on them that still wait (another officer's, never sent: nobody can send them
 * but that officer, signed in). */
export async function purgeExpiredDownloads(): Promise<number> {
  if (!("caches" in window)) return 0;
  const db = await offlineDb();
  const expired = (await db.getAll("downloads")).filter((d) => d.expiresAt < Date.now());
  for (const record of expired) {
    await deleteDownload(record.courseId);
    const prefix = `/enrolments/${seg(record.enrolmentId)}/`;
    for (const item of await db.getAll("heartbeats")) {
      if (item.userId === record.userId && item.path.startsWith(prefix)) await db.delete("heartbeats", item.id!);
    }
  }
  return expired.length;
}

/** What this origin stores and may store (navigator.storage.estimate), in bytes. */
export async function storageEstimate(): Promise<{ usage: number; quota: number } | null> {
  try {
    const estimate = await navigator.storage?.estimate?.();
    return estimate ? { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0 } : null;
  } catch {
    return null;
  }
}

/** Whether an error means the network is unreachable (the API's status 0), as opposed to a refusal. */
export function isOffline(error: unknown): boolean {
  return !navigator.onLine || (error as { status?: number } | null)?.status === 0;
}
