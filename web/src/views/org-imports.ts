// Bulk import of employees for the org's MDO admins: a CSV file (employeeId,name,email,mobile,designation)
// goes straight to storage with the presigned POST the import hands out, then starts; its progress is polled
// until it completes or fails, and the rejected rows (with their reasons) download as a CSV file. The org's
// imports are listed newest first; MDO leaders read them.

import { api, ApiError, seg, type Page, type Schema } from "../api";
import { dl, page, pagedList, section } from "../components";
import { h, replace, uid } from "../dom";
import { formatDateTime, formatNumber, t, tOr, type MessageKey } from "../i18n";
import type { RouteContext } from "../router";
import { announce, announceError, statusLine } from "../status";
import { canManage, orgErrorText, orgOf } from "./org-common";

type ImportStatus = Schema<"ImportStatus">;
type ImportCreated = Schema<"ImportCreated">;
type RejectedRowsFile = Schema<"RejectedRowsFile">;

const COLUMNS = "employeeId,name,email,mobile,designation";
const MAX_BYTES = 20 * 1024 * 1024;
const POLL_MS = 1000;
const FINISHED = ["COMPLETED", "FAILED"];

function stateText(status: string): string {
  return tOr(`onb.is.${status}`, status);
}

/** An import's progress, kept up to date (polled) while it runs; its rejected rows to download once done. */
function importCard(org: string, initial: ImportStatus, poll: boolean): HTMLElement {
  let current = initial;
  const card = h("article", { class: "onb-import", "data-import-id": initial.importId });
  const render = () => {
    const done = FINISHED.includes(current.status);
    const total = current.total ?? 0;
    const status = statusLine();
    const download = h("button", { type: "button", class: "secondary" }, t("onb.downloadRejected"));
    download.addEventListener("click", async () => {
      download.disabled = true;
      try {
        const file = await api.get<RejectedRowsFile>(`/orgs/${seg(org)}/imports/${seg(current.importId)}/rejected`);
        status.set(t("onb.downloading"), "ok");
        announce(t("onb.downloading"));
        window.location.assign(file.url);
      } catch (error) {
        status.set(orgErrorText(error), "error");
        announceError(orgErrorText(error));
      } finally {
        download.disabled = false;
      }
    });
    replace(
      card,
      h("h3", null, current.fileName, " ", h("span", { class: `pill pill-${current.status === "COMPLETED" ? "ok" : current.status === "FAILED" ? "bad" : "warn"}`, "data-status": current.status }, stateText(current.status))),
      h("p", { class: "muted" }, t("onb.importOf", { date: formatDateTime(current.createdAt) })),
      current.total !== null && current.total !== undefined && !done
        ? h("p", null, h("progress", { max: Math.max(total, 1), value: current.processed, "aria-label": t("onb.progress", { processed: formatNumber(current.processed), total: formatNumber(total) }) }),
            " ", t("onb.progress", { processed: formatNumber(current.processed), total: formatNumber(total) }))
        : null,
      dl([
        [t("onb.total"), current.total === null || current.total === undefined ? "–" : formatNumber(current.total)],
        [t("onb.processed"), formatNumber(current.processed)],
        [t("onb.invited"), formatNumber(current.invited)],
        [t("onb.rejectedRows"), formatNumber(current.rejected)],
      ]),
      current.failure ? h("p", { class: "status-line", "data-kind": "error" }, tOr(`onb.fail.${current.failure.code}`, current.failure.message)) : null,
      current.status === "COMPLETED" && current.rejected > 0 ? h("div", { class: "actions" }, download) : null,
      current.status === "COMPLETED" && current.rejected === 0 ? h("p", { class: "muted" }, t("onb.noRejectedRows")) : null,
      status,
    );
  };
  const follow = async () => {
    while (!FINISHED.includes(current.status) && card.isConnected !== false) {
      await new Promise((resolve) => window.setTimeout(resolve, POLL_MS));
      if (!document.body.contains(card)) return;
      try {
        current = await api.get<ImportStatus>(`/orgs/${seg(org)}/imports/${seg(current.importId)}`);
      } catch {
        continue;
      }
      render();
    }
    if (FINISHED.includes(current.status)) announce(`${current.fileName}: ${stateText(current.status)}`);
  };
  render();
  if (poll && !FINISHED.includes(current.status) && current.status !== "WAITING_FOR_FILE") void follow();
  return card;
}

async function sendFile(created: ImportCreated, file: File): Promise<void> {
  const body = new FormData();
  for (const [name, value] of Object.entries(created.upload.fields)) body.append(name, value);
  body.append("file", file); // last: storage reads the fields before it
  let response: Response;
  try {
    response = await fetch(created.upload.url, { method: "POST", body });
  } catch {
    throw new ApiError(0, "NETWORK_ERROR", t("onb.uploadFailed"));
  }
  if (!response.ok) throw new ApiError(response.status, "UPLOAD_FAILED", t("onb.uploadFailed"));
}

export async function orgImportsView(ctx: RouteContext): Promise<Node> {
  const org = await orgOf(ctx);
  const list = pagedList<ImportStatus>(
    (cursor) => api.get<Page<ImportStatus>>(`/orgs/${seg(org)}/imports`, { cursor }),
    (item) => importCard(org, item, true),
    { emptyText: t("onb.noImports"), label: t("onb.imports") },
  );
  const fileId = uid("csv");
  const input = h("input", { type: "file", id: fileId, name: "file", accept: ".csv,text/csv", required: true, "aria-describedby": `${fileId}-hint` });
  const status = statusLine();
  const submit = h("button", { type: "submit", class: "primary" }, t("onb.upload"));
  const uploadForm = h("form", { class: "stack card", "aria-labelledby": "onb-upload-title" },
    h("h2", { id: "onb-upload-title", class: "h3" }, t("onb.upload")),
    h("div", { class: "field" }, h("label", { for: fileId }, t("onb.csvFile")), h("p", { class: "hint", id: `${fileId}-hint` }, t("onb.csvFormat"), " ", h("code", null, COLUMNS)), input),
    h("div", { class: "actions" }, submit), status);
  uploadForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const file = input.files?.[0];
    const refuse = (key: MessageKey) => {
      status.set(t(key), "error");
      announceError(t(key));
      input.focus();
    };
    if (!file) return refuse("onb.chooseFile");
    if (file.size === 0) return refuse("onb.emptyFile");
    if (file.size > MAX_BYTES) return refuse("onb.fileTooLarge");
    submit.disabled = true;
    status.set(t("onb.uploading"), "info");
    void (async () => {
      try {
        const created = await api.post<ImportCreated>(`/orgs/${seg(org)}/imports`, { fileName: file.name, sizeBytes: file.size });
        await sendFile(created, file);
        const started = await api.post<ImportStatus>(`/orgs/${seg(org)}/imports/${seg(created.importId)}/start`);
        status.set(`${started.fileName}: ${stateText(started.status)}`, "ok");
        uploadForm.reset();
        await list.reload(); // the new import first, followed until it finishes
      } catch (error) {
        status.set(orgErrorText(error), "error");
        announceError(orgErrorText(error));
      } finally {
        submit.disabled = false;
      }
    })();
  });
  return page(
    t("onb.importsTitle"),
    h("p", { class: "lead" }, canManage() ? t("onb.importsLead") : t("onb.importsLeadReader")),
    h("section", { class: "card onb-format", "aria-labelledby": "onb-format-title" },
      h("h2", { id: "onb-format-title", class: "h3" }, t("onb.csvColumns")),
      h("p", null, t("onb.csvFormat")), h("pre", { class: "onb-columns" }, h("code", null, COLUMNS)), h("p", null, t("onb.csvRules"))),
    canManage() ? uploadForm : null,
    section(t("onb.imports"), list),
  );
}
