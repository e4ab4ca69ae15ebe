// A file content's upload on its course's authoring page: the file chooser with its limits, the progress bar
// (resumable uploads: web/src/upload.ts), and the processing verdict (READY with its facts, or REJECTED).

import type { Schema } from "../api";
import { act } from "../components";
import { h, uid } from "../dom";
import { formatNumber, t } from "../i18n";
import { announce, announceError, statusLine } from "../status";
import {
  acceptFor,
  fileProblem,
  formatBytes,
  MEDIA_LIMITS,
  uploadContentFile,
  waitForProcessing,
  type Media,
  type UploadKind,
} from "../upload";

type Course = Schema<"Course">;
type ContentOut = Schema<"ContentOut">;

function describeMedia(media: Media | null | undefined): string {
  if (!media) return t("upload.noFile");
  if (media.status === "PROCESSING") return t("upload.processing");
  if (media.status === "REJECTED") return t("upload.rejected", { reason: media.reason ?? t("upload.noReason") });
  const facts: string[] = [];
  if (media.durationSeconds != null) {
    const minutes = Math.floor(media.durationSeconds / 60);
    const seconds = String(media.durationSeconds % 60).padStart(2, "0");
    facts.push(t("upload.duration", { duration: `${minutes}:${seconds}` }));
  }
  if (media.pageCount != null) facts.push(t("upload.pages", { count: formatNumber(media.pageCount) }));
  if (media.sizeBytes != null) facts.push(formatBytes(media.sizeBytes));
  return t("upload.ready", { facts: facts.join(" · ") || t("upload.readyPlain") });
}

function mediaKind(media: Media | null | undefined): "ok" | "info" | "error" {
  if (media?.status === "READY") return "ok";
  if (media?.status === "REJECTED") return "error";
  return "info";
}

export function uploadPanel(course: Course, content: ContentOut & { type: UploadKind }, draft: boolean): HTMLElement {
  const state = statusLine();
  state.classList.add("media-state");
  const showMedia = (media: Media | null | undefined) => state.set(describeMedia(media), mediaKind(media));
  showMedia(content.media);
  const panel = h("div", { class: "media-panel", "data-content-id": content.id }, state);
  if (!draft) return panel;

  const inputId = uid("file");
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  const input = h("input", { type: "file", id: inputId, name: "file", accept: acceptFor(content.type), "aria-describedby": `${hintId} ${errorId}` });
  const error = h("p", { class: "field-error", id: errorId, hidden: true });
  const progress = h("progress", { max: 100, value: 0, "aria-label": t("upload.progressOf", { title: content.title }) });
  const progressText = h("span", { class: "progress-text" });
  const progressBox = h("div", { class: "progress", hidden: true }, progress, progressText);
  const start = h("button", { type: "button", class: "primary", "aria-label": `${t("upload.send")}: ${content.title}` }, t("upload.send"));
  const limits = MEDIA_LIMITS[content.type];

  const showError = (message: string) => {
    error.textContent = message;
    error.hidden = false;
    input.setAttribute("aria-invalid", "true");
  };
  input.addEventListener("change", () => {
    error.hidden = true;
    input.removeAttribute("aria-invalid");
  });

  start.addEventListener("click", () => {
    const file = input.files?.[0];
    if (!file) {
      showError(t("upload.chooseFile"));
      input.focus();
      return;
    }
    const problem = fileProblem(file, content.type);
    if (problem) {
      showError(problem);
      announceError(problem);
      input.focus();
      return;
    }
    let announcedQuarter = -1;
    const onProgress = (sent: number) => {
      const percent = file.size ? Math.min(100, Math.round((sent / file.size) * 100)) : 100;
      progress.value = percent;
      progressText.textContent = t("common.percent", { value: formatNumber(percent) });
      const quarter = Math.floor(percent / 25); // the live region speaks at 0, 25, 50, 75 and 100 %
      if (quarter !== announcedQuarter) {
        announcedQuarter = quarter;
        state.set(t("upload.sending", { name: file.name, percent: formatNumber(percent) }), "info");
      }
    };
    void act(start, async () => {
      input.disabled = true;
      progressBox.hidden = false;
      onProgress(0);
      // The bar stays once shown: how much of the file went (all of it, or where a failure stopped it).
      try {
        const uploadId = await uploadContentFile(course.id, content.id, file, content.type, onProgress);
        state.set(t("upload.processing"), "info");
        const media = await waitForProcessing(course.id, content.id, uploadId, (m) => {
          if (m?.uploadId === uploadId) showMedia(m);
        });
        if (media?.uploadId === uploadId && media.status === "READY") announce(`${content.title}: ${describeMedia(media)}`);
        else if (media?.uploadId === uploadId && media.status === "REJECTED") announceError(`${content.title}: ${describeMedia(media)}`);
        else state.set(t("upload.stillProcessing"), "info");
      } finally {
        input.disabled = false;
      }
    }, {}, state);
  });

  panel.append(
    h("div", { class: "field" },
      h("label", { for: inputId }, t("upload.fileFor", { title: content.title })),
      h("p", { class: "hint", id: hintId }, t("upload.hint", { types: Object.keys(limits.extensions).join(", "), max: formatBytes(limits.maxBytes) })),
      input,
      error,
    ),
    h("div", { class: "actions" }, start),
    progressBox,
  );
  return panel;
}

