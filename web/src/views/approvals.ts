// The approval queue of an organisation's enrolment requests (MDO_ADMIN, PROGRAM_COORDINATOR): select one or
// many, approve them or reject them with a reason; one request per enrolment, then a summary of what was done
// and what failed (and why).

import { api, seg, type Page } from "../api";
import { act, errorMessage, page, section, statusPill } from "../components";
import { h, replace, uid } from "../dom";
import { formatDateTime, formatNumber, t } from "../i18n";
import { link, type RouteContext } from "../router";
import { currentUser, hasRole, loadMe } from "../state";
import { announce, announceError, statusLine } from "../status";

interface PendingEnrolment {
  id: string;
  enrolmentId: string;
  userId: string;
  learnerName?: string | null;
  courseId: string;
  courseTitle: string;
  batchId: string;
  batchName: string;
  status: string;
  requestedAt: string;
  pendingSince?: string | null;
}

async function orgOf(ctx: RouteContext): Promise<string> {
  const me = currentUser() ?? (await loadMe());
  return (hasRole("SPV_ADMIN") && ctx.query.get("orgId")) || me?.orgId || "";
}

export async function approvalQueueView(ctx: RouteContext): Promise<Node> {
  const org = await orgOf(ctx);
  const rows = h("ul", { class: "list coord-queue", "aria-label": t("coord.queueTitle") });
  const info = h("p", { class: "list-info", role: "status", "aria-live": "polite" });
  const more = h("button", { type: "button", class: "load-more", hidden: true }, t("action.loadMore"));
  const summary = h("div", { class: "coord-summary", tabindex: "-1" });
  const selectAllId = uid("all");
  const selectAll = h("input", { type: "checkbox", id: selectAllId });
  const reasonId = uid("reason");
  const reason = h("textarea", { id: reasonId, name: "reason", rows: 2, maxlength: 500, "aria-describedby": `${reasonId}-hint` });
  const approveButton = h("button", { type: "button", class: "primary" }, t("coord.approveSelected"));
  const rejectButton = h("button", { type: "button", class: "danger" }, t("coord.rejectSelected"));
  let cursor: string | null = null;

  const boxes = () => Array.from(rows.querySelectorAll<HTMLInputElement>("input[type=checkbox][name=enrolment]:not(:disabled)"));
  const counted = () => {
    const chosen = boxes().filter((b) => b.checked).length;
    info.textContent = t("coord.selectedCount", { n: formatNumber(chosen), total: formatNumber(boxes().length) });
    selectAll.checked = chosen > 0 && chosen === boxes().length;
    selectAll.indeterminate = chosen > 0 && chosen < boxes().length;
  };
  selectAll.addEventListener("change", () => {
    for (const box of boxes()) box.checked = selectAll.checked;
    counted();
  });

  const render = (e: PendingEnrolment): HTMLElement => {
    const id = uid("pick");
    const who = e.learnerName || e.userId;
    const box = h("input", { type: "checkbox", id, name: "enrolment", value: e.enrolmentId, "data-name": who, onChange: counted });
    const outcome = h("p", { class: "coord-outcome" }, statusPill(e.status));
    // One request decided at once (the bulk buttons below take the selected ones).
    const approve = h("button", { type: "button", class: "secondary", "aria-label": `${t("coord.approve")}: ${who}, ${e.courseTitle}` }, t("coord.approve"));
    approve.addEventListener("click", () => void act(approve, async () => {
      await api.post(`/enrolments/${seg(e.enrolmentId)}/approve`);
      box.checked = false;
      box.disabled = true;
      approve.remove();
      replace(outcome, statusPill("APPROVED"));
      counted();
    }, { done: t("coord.approved", { name: who }) }, status));
    const status = statusLine();
    return h("li", { class: "approval-card coord-row", "data-enrolment-id": e.enrolmentId },
      h("div", { class: "choice" }, box, h("label", { for: id }, h("strong", null, who), ` — ${e.courseTitle}`)),
      h("p", { class: "muted" }, `${e.batchName} · ${t("coord.requestedAt", { when: formatDateTime(e.requestedAt) })}`),
      outcome,
      h("div", { class: "actions" }, approve),
      status);
  };

  const load = async (reset: boolean) => {
    if (reset) {
      cursor = null;
      rows.replaceChildren();
    }
    info.textContent = t("status.loading");
    try {
      const result = await api.get<Page<PendingEnrolment>>(`/orgs/${seg(org)}/enrolments`, { status: "PENDING_APPROVAL", cursor: cursor ?? undefined });
      rows.append(...result.items.map(render));
      cursor = result.nextCursor ?? null;
      more.hidden = !cursor;
      if (!rows.children.length) info.textContent = t("coord.queueEmpty");
      else counted();
    } catch (error) {
      info.textContent = errorMessage(error);
    }
  };
  more.addEventListener("click", () => void load(false));

  const decide = async (approve: boolean, button: HTMLButtonElement) => {
    const chosen = boxes().filter((b) => b.checked);
    if (!chosen.length) {
      replace(summary, h("p", { class: "error-text", role: "alert" }, t("coord.chooseFirst")));
      return;
    }
    const why = reason.value.trim();
    if (!approve && !why) {
      replace(summary, h("p", { class: "error-text", role: "alert" }, t("coord.reasonNeeded")));
      reason.setAttribute("aria-invalid", "true");
      reason.focus();
      return;
    }
    reason.removeAttribute("aria-invalid");
    approveButton.disabled = true;
    rejectButton.disabled = true;
    button.setAttribute("aria-busy", "true");
    announce(t("status.saving"));
    const done: string[] = [];
    const failed: { name: string; why: string }[] = [];
    for (const box of chosen) {
      const name = box.dataset.name ?? box.value;
      const row = box.closest("li")!;
      try {
        await api.post(`/enrolments/${seg(box.value)}/${approve ? "approve" : "reject"}`, approve ? {} : { reason: why });
        done.push(name);
        box.checked = false;
        box.disabled = true;
        row.querySelector(".actions")?.remove();
        replace(row.querySelector(".coord-outcome")!, statusPill(approve ? "APPROVED" : "REJECTED"));
      } catch (error) {
        failed.push({ name, why: errorMessage(error) });
        replace(row.querySelector(".coord-outcome")!, h("span", { class: "error-text" }, errorMessage(error)));
      }
    }
    button.removeAttribute("aria-busy");
    approveButton.disabled = false;
    rejectButton.disabled = false;
    const headline = t(approve ? "coord.approvedSummary" : "coord.rejectedSummary", { n: formatNumber(done.length), failed: formatNumber(failed.length) });
    replace(
      summary,
      h("div", { class: failed.length ? "error-box" : "success-box", role: failed.length ? "alert" : "status" },
        h("p", null, h("strong", null, headline)),
        done.length ? h("p", null, done.join(", ")) : null,
        failed.length ? h("ul", null, failed.map((f) => h("li", null, `${f.name}: ${f.why}`))) : null),
    );
    if (failed.length) announceError(headline);
    else announce(headline);
    if (!approve && !failed.length) reason.value = "";
    counted();
  };
  approveButton.addEventListener("click", () => void decide(true, approveButton));
  rejectButton.addEventListener("click", () => void decide(false, rejectButton));

  void load(true);
  return page(
    t("coord.queueTitle"),
    h("p", { class: "lead" }, t("coord.queueLead")),
    section(
      t("coord.queueRequests"),
      h("div", { class: "choice coord-select-all" }, selectAll, h("label", { for: selectAllId }, t("coord.selectAll"))),
      info,
      rows,
      more,
    ),
    section(
      t("coord.decide"),
      h("div", { class: "field" },
        h("label", { for: reasonId }, t("coord.reason")),
        h("p", { class: "hint", id: `${reasonId}-hint` }, t("coord.reasonHint")),
        reason),
      h("div", { class: "actions" }, approveButton, rejectButton),
      summary,
    ),
    h("p", null, link("/admin/batches", null, t("coord.toBatches"))),
  );
}
