// The course page's "Offline" section: download the course's pdf, audio and (lowest-rendition) video files for
// offline use, see what the download and the browser's storage take, delete it. Also what the course and player
// pages show when the network is gone and the course was downloaded (offline/downloads.ts). And the offline
// library: what the app shows when it starts without a network and without a session (a new tab, the home
// screen icon: the tokens live in sessionStorage and are never kept beyond it), reachable without signing in:
// the downloads on this device, each played from the cache with its last play answer; the heartbeats made
// there are queued under the download's owner and sent only after that officer signs in again.

import { api, ApiError, seg } from "../api";
import { errorBox, errorMessage, page, pill, section } from "../components";
import { h, replace } from "../dom";
import { formatDateTime, formatNumber, t, tOr } from "../i18n";
import { createPlayer, type Player } from "../players";
import { link, onLeave, type RouteContext } from "../router";
import { currentUser } from "../state";
import { statusLine } from "../status";
import { deleteDownload, DOWNLOADED_TYPES, downloadCourse, downloadOf, listDownloads, storageEstimate, type CourseLike } from "../offline/downloads";
import type { DownloadedCourse } from "../offline/db";

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return t("offline.gb", { value: formatNumber(Math.round((bytes / 1024 ** 3) * 10) / 10) });
  if (bytes >= 1024 ** 2) return t("offline.mb", { value: formatNumber(Math.round((bytes / 1024 ** 2) * 10) / 10) });
  return t("offline.kb", { value: formatNumber(Math.max(1, Math.round(bytes / 1024))) });
}

const offlineSupported = (): boolean => "caches" in window && "indexedDB" in window && "serviceWorker" in navigator;

/** The course page's section: download / delete, sizes, quota, the expiry rule. `enrolmentId` of an active
 * enrolment (null: nothing to download yet). */
export function offlinePanel(course: CourseLike, enrolmentId: string | null): HTMLElement {
  const box = h("div", { class: "offline-panel stack" });
  const status = statusLine();
  const downloadable = (course.modules ?? []).flatMap((m) => m.contents).filter((c) => DOWNLOADED_TYPES.has(c.type));
  const render = async (): Promise<void> => {
    if (!offlineSupported()) {
      replace(box, h("p", { class: "muted" }, t("offline.unsupported")));
      return;
    }
    if (!enrolmentId || !downloadable.length) {
      replace(box, h("p", { class: "muted" }, !downloadable.length ? t("offline.nothing") : t("offline.enrolFirst")));
      return;
    }
    const [download, estimate] = await Promise.all([downloadOf(course.id, currentUser()?.userId), storageEstimate()]);
    const quota = estimate
      ? h("p", { class: "storage-estimate" }, t("offline.storage", { used: formatBytes(estimate.usage), quota: formatBytes(estimate.quota) }))
      : null;
    const rule = h("p", { class: "hint" }, t("offline.expiryRule"));
    if (download) {
      const remove = h("button", { type: "button", class: "secondary", "data-action": "delete-download" }, t("offline.delete"));
      remove.addEventListener("click", () => {
        remove.disabled = true;
        void deleteDownload(course.id)
          .then(() => status.set(t("offline.deleted"), "ok"))
          .catch((error: unknown) => status.set(errorMessage(error), "error"))
          .finally(() => void render());
      });
      replace(box,
        h("p", { class: "download-state" }, t("offline.downloaded", {
          count: formatNumber(Object.keys(download.contents).length),
          size: formatBytes(download.bytes),
          until: formatDateTime(new Date(download.expiresAt).toISOString()),
        })),
        rule, quota, h("div", { class: "actions" }, remove), status);
      return;
    }
    const start = h("button", { type: "button", class: "primary", "data-action": "download" }, t("offline.download"));
    start.addEventListener("click", () => {
      start.disabled = true;
      void (async () => {
        try {
          const enrolment = await api.get<unknown>(`/enrolments/${seg(enrolmentId)}`);
          const record = await downloadCourse(course, { id: enrolmentId, body: enrolment }, { userId: currentUser()?.userId ?? "", name: currentUser()?.name ?? "" }, (p) =>
            status.set(p.title ? t("offline.downloading", { n: p.done + 1, total: p.total, title: p.title }) : t("offline.finishing"), "info"));
          status.set(t("offline.ready", { size: formatBytes(record.bytes) }), "ok");
        } catch (error) {
          status.set(t("offline.failed", { reason: errorMessage(error) }), "error");
        }
        await render();
      })();
    });
    replace(box, h("p", null, t("offline.lead", { count: formatNumber(downloadable.length) })), rule, quota, h("div", { class: "actions" }, start), status);
  };
  void render();
  return box;
}

/** The notice on a page shown from the download while the network is gone. */
export function offlineNotice(download: DownloadedCourse): HTMLElement {
  return h("p", { class: "notice warning offline-notice", role: "status" },
    t("offline.showingDownload", { until: formatDateTime(new Date(download.expiresAt).toISOString()) }));
}

/** Where the offline library's player of a downloaded content is. */
export function offlinePlayerPath(courseId: string, contentId: string): string {
  return `/offline/${seg(courseId)}/${seg(contentId)}`;
}

function countedAfterSignIn(download: DownloadedCourse): HTMLElement {
  return h("p", { class: "notice warning offline-notice", role: "status" },
    t("offline.libraryCounted", { name: download.userName || t("offline.libraryOwnerUnknown") }));
}

/** The offline library: every download on this device that has not expired, with its owner. */
export async function offlineLibraryView(): Promise<Node> {
  const downloads = await listDownloads();
  if (!downloads.length) {
    return page(t("offline.libraryTitle"), h("p", null, t("offline.libraryEmpty")), h("p", null, link("/login", null, t("nav.login"))));
  }
  const owners = [...new Set(downloads.map((d) => d.userName || t("offline.libraryOwnerUnknown")))];
  return page(
    t("offline.libraryTitle"),
    h("p", { class: "notice warning", role: "status" }, t("offline.libraryLead", { names: owners.join(", ") })),
    ...downloads.map((download) =>
      section(download.title,
        h("p", { class: "meta" }, t("offline.libraryOwner", {
          name: download.userName || t("offline.libraryOwnerUnknown"),
          until: formatDateTime(new Date(download.expiresAt).toISOString()),
        })),
        h("ul", { class: "offline-contents" },
          Object.values(download.contents).map((content) =>
            h("li", null,
              link(offlinePlayerPath(download.courseId, content.contentId), null, content.title || content.contentId),
              " ", pill(tOr(`contentType.${content.type}`, content.type))))),
      )),
    h("p", { class: "hint" }, t("offline.librarySignIn"), " ", link("/login", null, t("nav.login"))),
  );
}

/** A downloaded content played from the cache in the offline library (nobody signed in). */
export async function offlinePlayerView(ctx: RouteContext): Promise<Node> {
  const { courseId, contentId } = ctx.params as { courseId: string; contentId: string };
  const download = await downloadOf(courseId, undefined);
  const content = download?.contents[contentId];
  if (!download || !content) throw new ApiError(404, "NOT_DOWNLOADED", t("offline.notDownloaded"));
  const title = content.title || content.contentId;
  const stage = h("div", { class: "player-stage" }, h("p", { class: "loading" }, t("status.loading")));
  let player: Player | null = null;
  onLeave(() => player?.stop(false));
  void createPlayer({
    enrolmentId: download.enrolmentId,
    contentId,
    title,
    play: content.play,
    owner: download.userId,
    onProgress: () => undefined, // nothing is counted until the owner signs in: the queue waits for them
  }).then((created) => {
    player = created;
    replace(stage, created.element);
  }, (error: unknown) => replace(stage, errorBox(error)));
  return page(
    title,
    countedAfterSignIn(download),
    h("p", { class: "meta" }, pill(tOr(`contentType.${content.type}`, content.type)), " ",
      link("/offline", null, t("offline.libraryBack", { title: download.title }))),
    stage,
  );
}
