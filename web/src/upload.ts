// A content's file straight from the browser to the media bucket (the API's "Course content" contract):
// POST .../uploads opens the upload; a file up to 100 MiB goes as one presigned POST (the returned `fields`,
// then the file), a larger one in parts (PUT each part to its address, keeping the ETag S3 answers; parts that
// fail are retried with fresh addresses from GET .../uploads/{uploadId}, so a dropped connection resumes where
// it stopped); POST .../complete (202) hands it to processing, and the course is polled until the content's
// media is READY or REJECTED. XMLHttpRequest rather than fetch: only it reports upload progress.

import { api, ApiError, newIdempotencyKey, seg, type Schema } from "./api";
import { formatNumber, t } from "./i18n";

export type Upload = Schema<"Upload">;
export type UploadState = Schema<"UploadState">;
export type Media = Schema<"Media">;
type UploadPart = Schema<"UploadPart">;
type CompletedPart = Schema<"CompletedPart">;

export type UploadKind = "video" | "audio" | "pdf" | "scorm";

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/**
 * What each kind of content takes (the upload route's documented limits, docs/openapi.json UploadIn, as the
 * server's table functions/learning/media/limits.py holds them). Checked here only to spare a doomed
 * upload: the server decides, from the file's bytes.
 */
export const MEDIA_LIMITS: Record<UploadKind, { mediaTypes: string[]; extensions: Record<string, string>; maxBytes: number }> = {
  video: {
    mediaTypes: ["video/mp4", "video/webm", "video/quicktime"],
    extensions: { mp4: "video/mp4", m4v: "video/mp4", webm: "video/webm", mov: "video/quicktime" },
    maxBytes: 2 * GiB,
  },
  audio: {
    mediaTypes: ["audio/mpeg", "audio/mp4", "audio/aac", "audio/ogg", "audio/wav"],
    extensions: { mp3: "audio/mpeg", m4a: "audio/mp4", aac: "audio/aac", ogg: "audio/ogg", oga: "audio/ogg", wav: "audio/wav" },
    maxBytes: 200 * MiB,
  },
  pdf: { mediaTypes: ["application/pdf"], extensions: { pdf: "application/pdf" }, maxBytes: 100 * MiB },
  // Browsers on Windows name a zip application/x-zip-compressed; the server takes both.
  scorm: { mediaTypes: ["application/zip", "application/x-zip-compressed"], extensions: { zip: "application/zip" }, maxBytes: 500 * MiB },
};

export function isUploadKind(type: string): type is UploadKind {
  return type in MEDIA_LIMITS;
}

/** The `accept` attribute of a file input for the kind: its media types and file extensions. */
export function acceptFor(kind: UploadKind): string {
  const limits = MEDIA_LIMITS[kind];
  return [...limits.mediaTypes, ...Object.keys(limits.extensions).map((ext) => `.${ext}`)].join(",");
}

/** The file's media type as the browser names it, else from its extension; "" when neither fits the kind. */
export function mediaTypeOf(file: File, kind: UploadKind): string {
  const limits = MEDIA_LIMITS[kind];
  const declared = file.type.split(";")[0]!.trim().toLowerCase();
  if (limits.mediaTypes.includes(declared)) return declared;
  const extension = file.name.includes(".") ? file.name.split(".").pop()!.toLowerCase() : "";
  return limits.extensions[extension] ?? "";
}

export function formatBytes(bytes: number): string {
  if (bytes >= GiB) return t("upload.gib", { value: formatNumber(Math.round((bytes / GiB) * 10) / 10) });
  if (bytes >= MiB) return t("upload.mib", { value: formatNumber(Math.round((bytes / MiB) * 10) / 10) });
  return t("upload.kib", { value: formatNumber(Math.max(1, Math.round(bytes / 1024))) });
}

/** Why the file cannot be this content's (wrong type, empty, too large), or null. */
export function fileProblem(file: File, kind: UploadKind): string | null {
  if (!mediaTypeOf(file, kind)) return t("upload.wrongType", { kind: t(`contentType.${kind}`), types: Object.keys(MEDIA_LIMITS[kind].extensions).join(", ") });
  if (file.size === 0) return t("upload.emptyFile");
  if (file.size > MEDIA_LIMITS[kind].maxBytes) return t("upload.tooLarge", { max: formatBytes(MEDIA_LIMITS[kind].maxBytes) });
  return null;
}

// ------------------------------------------------------------------------------------------------ sending

function send(method: "POST" | "PUT", url: string, body: Blob | FormData, onProgress: (sentBytes: number) => void): Promise<XMLHttpRequest> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    xhr.upload.addEventListener("progress", (event) => onProgress(event.loaded));
    xhr.addEventListener("load", () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr);
      else reject(new ApiError(xhr.status, "UPLOAD_FAILED", t("upload.sendFailed", { status: xhr.status })));
    });
    xhr.addEventListener("error", () => reject(new ApiError(0, "NETWORK_ERROR", t("error.network"))));
    xhr.addEventListener("abort", () => reject(new ApiError(0, "NETWORK_ERROR", t("error.network"))));
    xhr.send(body);
  });
}

/** Runs `task` over `items`, at most `width` at a time. */
async function inParallel<T>(items: T[], width: number, task: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
  };
  await Promise.all(Array.from({ length: Math.min(width, queue.length) }, worker));
}

const PARALLEL_PARTS = 3;
const RESUME_ROUNDS = 5;
const wait = (ms: number) => new Promise((resolve) => window.setTimeout(resolve, ms));

async function sendParts(
  base: string,
  upload: Upload,
  file: File,
  onProgress: (sentBytes: number) => void,
): Promise<CompletedPart[]> {
  const partSize = upload.partSize!;
  const etags = new Map<number, string>();
  const sentByPart = new Map<number, number>();
  const report = () => onProgress([...sentByPart.values()].reduce((a, b) => a + b, 0));
  let missing: UploadPart[] = upload.parts ?? [];
  let lastError: unknown = null;
  for (let round = 0; missing.length && round < RESUME_ROUNDS; round += 1) {
    if (round > 0) {
      // Resume: what S3 holds already, and fresh addresses for the rest.
      await wait(1000 * 2 ** (round - 1));
      const state = await api.get<UploadState>(`${base}/${seg(upload.uploadId)}`);
      for (const part of state.uploadedParts ?? []) {
        etags.set(part.partNumber, part.etag);
        sentByPart.set(part.partNumber, part.sizeBytes);
      }
      missing = state.missingParts ?? [];
      report();
    }
    const failed: UploadPart[] = [];
    await inParallel(missing, PARALLEL_PARTS, async (part) => {
      const start = (part.partNumber - 1) * partSize;
      const bytes = file.slice(start, Math.min(start + partSize, file.size));
      try {
        const xhr = await send("PUT", part.url, bytes, (sent) => {
          sentByPart.set(part.partNumber, sent);
          report();
        });
        const etag = xhr.getResponseHeader("ETag");
        if (!etag) throw new ApiError(0, "NO_ETAG", t("upload.noEtag"));
        etags.set(part.partNumber, etag);
        sentByPart.set(part.partNumber, bytes.size);
      } catch (error) {
        if (error instanceof ApiError && error.code === "NO_ETAG") throw error; // retrying cannot help
        sentByPart.delete(part.partNumber);
        failed.push(part);
        lastError = error;
      }
      report();
    });
    missing = failed;
  }
  if (missing.length) throw lastError ?? new ApiError(0, "NETWORK_ERROR", t("error.network"));
  return [...etags.entries()].sort(([a], [b]) => a - b).map(([partNumber, etag]) => ({ partNumber, etag }));
}

/**
 * Sends `file` as the content's new file and hands it to processing; the upload's id. `onProgress` gets the
 * bytes sent so far.
 */
export async function uploadContentFile(
  courseId: string,
  contentId: string,
  file: File,
  kind: UploadKind,
  onProgress: (sentBytes: number) => void,
): Promise<string> {
  const base = `/courses/${seg(courseId)}/contents/${seg(contentId)}/uploads`;
  const upload = await api.post<Upload>(
    base,
    { fileName: file.name.slice(0, 255) || "file", mediaType: mediaTypeOf(file, kind), sizeBytes: file.size },
    { idempotencyKey: newIdempotencyKey() },
  );
  let parts: CompletedPart[] | undefined;
  if (upload.parts?.length) {
    parts = await sendParts(base, upload, file, onProgress);
  } else {
    const body = new FormData();
    for (const [name, value] of Object.entries(upload.fields ?? {})) body.append(name, value);
    body.append("file", file); // last: S3 ignores fields after the file
    await send("POST", upload.url!, body, onProgress);
  }
  onProgress(file.size);
  await api.post(`${base}/${seg(upload.uploadId)}/complete`, parts ? { parts } : {});
  return upload.uploadId;
}

interface CourseWithMedia {
  modules: { contents: { id: string; media?: Media | null }[] }[];
}

export function mediaOf(course: CourseWithMedia, contentId: string): Media | null {
  for (const module of course.modules) for (const content of module.contents) if (content.id === contentId) return content.media ?? null;
  return null;
}

/**
 * Polls the course until the upload's processing ends (READY or REJECTED); each look is passed to
 * `onUpdate`. Gives up (returning the last state, still PROCESSING) after `maxWaitMs`.
 */
export async function waitForProcessing(
  courseId: string,
  contentId: string,
  uploadId: string,
  onUpdate: (media: Media | null) => void,
  maxWaitMs = 15 * 60_000,
): Promise<Media | null> {
  const started = Date.now();
  let media: Media | null = null;
  for (let attempt = 0; Date.now() - started < maxWaitMs; attempt += 1) {
    const course = await api.get<CourseWithMedia>(`/courses/${seg(courseId)}`);
    media = mediaOf(course, contentId);
    onUpdate(media);
    if (media && media.uploadId === uploadId && media.status !== "PROCESSING") return media;
    await wait(attempt < 20 ? 1000 : 5000);
  }
  return media;
}
