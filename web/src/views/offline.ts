// The course page's "Offline" section: download the course's pdf, audio and (lowest-rendition) video files for
// offline use, see what the download and the browser's storage take, delete it. Also what the course and player
// pages show when the network is gone and the course was downloaded (offline/downloads.ts).

import { api, seg } from "../api";
import { errorMessage } from "../components";
import { h, replace } from "../dom";
import { formatDateTime, formatNumber, t } from "../i18n";
import { currentUser } from "../state";
import { statusLine } from "../status";
import { deleteDownload, DOWNLOADED_TYPES, downloadCourse, downloadOf, storageEstimate, type CourseLike } from "../offline/downloads";
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
          const record = await downloadCourse(course, { id: enrolmentId, body: enrolment }, currentUser()?.userId ?? "", (p) =>
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
