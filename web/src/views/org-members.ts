// The org's membership requests for its MDO admins: people who registered with a shared government email wait
// here (status=pending) until approved or refused (with a reason they are told); the refused are a tab of their
// own. MDO leaders read the lists.

import { api, seg, type Page, type Schema } from "../api";
import { page, pagedList, section } from "../components";
import { h, replace, uid } from "../dom";
import { formatDateTime, t } from "../i18n";
import type { RouteContext } from "../router";
import { announce, announceError } from "../status";
import { canManage, orgErrorText, orgOf } from "./org-common";

type PendingMember = Schema<"PendingMember">;

function outcome(slot: HTMLElement, text: string, kind: "ok" | "error"): void {
  replace(slot, h("p", { class: "status-line", "data-kind": kind, role: kind === "ok" ? "status" : "alert" }, text));
  if (kind === "ok") announce(text);
  else announceError(text);
}

/** A refusal that asks for the reason first: the button opens a small form in `slot`. */
export function refuseButton(label: string, confirmLabel: string, who: string, slot: HTMLElement,
  action: (reason: string | undefined) => Promise<void>): HTMLButtonElement {
  const button = h("button", { type: "button", class: "danger", "aria-label": `${label}: ${who}` }, label);
  button.addEventListener("click", () => {
    const id = uid("reason");
    const reason = h("textarea", { id, name: "reason", rows: 2, maxlength: 500 });
    const yes = h("button", { type: "submit", class: "danger" }, confirmLabel);
    const no = h("button", { type: "button", class: "secondary" }, t("org.cancel"));
    const box = h("form", { class: "org-confirm stack", "aria-label": `${label}: ${who}` },
      h("div", { class: "field" }, h("label", { for: id }, t("onb.rejectReason")), reason),
      h("div", { class: "actions" }, yes, no));
    box.addEventListener("submit", (event) => {
      event.preventDefault();
      yes.disabled = true;
      no.disabled = true;
      void action(reason.value.trim() || undefined).catch((error: unknown) => outcome(slot, orgErrorText(error), "error"));
    });
    no.addEventListener("click", () => {
      replace(slot);
      button.focus();
    });
    replace(slot, box);
    reason.focus();
  });
  return button;
}

function memberCard(org: string, member: PendingMember, pending: boolean): HTMLElement {
  const slot = h("div", { class: "org-confirm-slot" });
  const actions = h("div", { class: "actions" });
  const card = h("article", { class: "org-person onb-member", "data-user-id": member.userId },
    h("h3", null, member.name),
    h("p", { class: "muted" }, [member.designation, member.employeeId].filter(Boolean).join(" · ")),
    h("p", { class: "muted org-contact" }, member.email, " · ", member.mobile),
    h("p", { class: "muted" }, t("onb.requestedAt", { date: formatDateTime(member.requestedAt) })),
    actions, slot);
  if (pending && canManage()) {
    const approve = h("button", { type: "button", class: "primary", "aria-label": `${t("onb.approve")}: ${member.name}` }, t("onb.approve"));
    approve.addEventListener("click", async () => {
      approve.disabled = true;
      try {
        await api.post(`/orgs/${seg(org)}/members/${seg(member.userId)}/approve`);
        replace(actions);
        outcome(slot, t("onb.approved", { name: member.name }), "ok");
      } catch (error) {
        approve.disabled = false;
        outcome(slot, orgErrorText(error), "error");
      }
    });
    const refuse = refuseButton(t("onb.reject"), t("onb.rejectYes"), member.name, slot, async (reason) => {
      await api.post(`/orgs/${seg(org)}/members/${seg(member.userId)}/reject`, reason ? { reason } : {});
      replace(actions);
      outcome(slot, t("onb.rejected", { name: member.name }), "ok");
    });
    replace(actions, approve, refuse);
  }
  return card;
}

export async function orgMembersView(ctx: RouteContext): Promise<Node> {
  const org = await orgOf(ctx);
  let status: "pending" | "rejected" = ctx.query.get("status") === "rejected" ? "rejected" : "pending";
  const list = pagedList<PendingMember>(
    (cursor) => api.get<Page<PendingMember>>(`/orgs/${seg(org)}/members`, { status, cursor }),
    (member) => memberCard(org, member, status === "pending"),
    { emptyText: status === "pending" ? t("onb.noPending") : t("onb.noRejected"), label: t("onb.membersTitle") },
  );
  const tab = (value: "pending" | "rejected", label: string) => {
    const button = h("button", { type: "button", class: "tab-button", "aria-pressed": String(status === value), "data-status": value }, label);
    button.addEventListener("click", () => {
      if (status === value) return;
      status = value;
      window.history.replaceState(null, "", `${window.location.pathname}?status=${value}`);
      tabs.querySelectorAll("button").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.status === value)));
      const info = list.querySelector(".list-info");
      void list.reload().then(() => {
        if (info && !list.querySelector(".list li")) info.textContent = value === "pending" ? t("onb.noPending") : t("onb.noRejected");
      });
    });
    return button;
  };
  const tabs = h("div", { class: "onb-tabs", role: "group", "aria-label": t("onb.tabs") },
    tab("pending", t("onb.tabPending")), tab("rejected", t("onb.tabRejected")));
  return page(
    t("onb.membersTitle"),
    h("p", { class: "lead" }, canManage() ? t("onb.membersLead") : t("onb.membersLeadReader")),
    tabs,
    section(t("onb.membersTitle"), list),
  );
}
