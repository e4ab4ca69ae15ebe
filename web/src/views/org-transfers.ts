// Transfers between orgs: an MDO admin asks another org to take an officer (from the people page, with an org
// picker), the receiving org's MDO admin accepts or refuses (with a reason), the asking org may withdraw it while
// it waits. The Transfers page lists them by direction and status; MDO leaders read it.

import { api, seg, type Page, type Schema } from "../api";
import { page, pagedList, section, statusPill } from "../components";
import { h, replace, uid } from "../dom";
import { formatDateTime, lang, t, type MessageKey } from "../i18n";
import type { RouteContext } from "../router";
import { announce, announceError } from "../status";
import { canManage, confirmButton, orgErrorText, orgOf } from "./org-common";
import { refuseButton } from "./org-members";

type Transfer = Schema<"Transfer">;
interface Org { id: string; name: string; nameHi?: string | null }

const orgNames = new Map<string, string>();

function orgLabel(org: Org): string {
  return lang() === "hi" && org.nameHi ? org.nameHi : org.name;
}

async function nameOf(orgId: string): Promise<string> {
  if (!orgNames.has(orgId)) {
    try {
      orgNames.set(orgId, orgLabel(await api.get<Org>(`/orgs/${seg(orgId)}`)));
    } catch {
      orgNames.set(orgId, orgId);
    }
  }
  return orgNames.get(orgId)!;
}

function said(slot: HTMLElement, text: string, kind: "ok" | "error"): void {
  replace(slot, h("p", { class: "status-line", "data-kind": kind, role: kind === "ok" ? "status" : "alert" }, text));
  if (kind === "ok") announce(text);
  else announceError(text);
}

/** "Transfer to another organisation" on a person of the people page: an org search, a choice, the request. */
export function transferControl(userId: string, name: string, ownOrg: string): HTMLElement {
  const slot = h("div", { class: "org-confirm-slot" });
  const open = h("button", { type: "button", class: "secondary small", "aria-label": `${t("onb.transfer")}: ${name}` }, t("onb.transfer"));
  open.addEventListener("click", () => {
    const searchId = uid("torg-q");
    const selectId = uid("torg");
    const query = h("input", { type: "search", id: searchId, name: "q", autocomplete: "off" });
    const choice = h("select", { id: selectId, name: "toOrgId", required: true }, h("option", { value: "" }, t("onb.chooseOrg")));
    const send = h("button", { type: "submit", class: "primary" }, t("onb.transferSend"));
    const cancel = h("button", { type: "button", class: "secondary" }, t("org.cancel"));
    let timer = 0;
    const search = async () => {
      const result = await api.get<Page<Org>>("/orgs", { q: query.value.trim(), limit: 50 });
      const orgs = result.items.filter((o) => o.id !== ownOrg);
      orgs.forEach((o) => orgNames.set(o.id, orgLabel(o)));
      choice.replaceChildren(h("option", { value: "" }, t("onb.chooseOrg")), ...orgs.map((o) => h("option", { value: o.id }, orgLabel(o))));
      if (orgs.length === 1) choice.value = orgs[0]!.id;
    };
    query.addEventListener("input", () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void search().catch(() => undefined), 250);
    });
    const box = h("form", { class: "org-confirm stack", "aria-label": `${t("onb.transfer")}: ${name}` },
      h("div", { class: "field" }, h("label", { for: searchId }, t("onb.transferOrgSearch")), query),
      h("div", { class: "field" }, h("label", { for: selectId }, t("onb.transferOrg")), choice),
      h("div", { class: "actions" }, send, cancel));
    box.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!choice.value) {
        choice.focus();
        return;
      }
      send.disabled = true;
      const toOrgId = choice.value;
      void api.post<Transfer>(`/users/${seg(userId)}/transfers`, { toOrgId }).then(
        () => said(slot, t("onb.transferSent", { name, org: orgNames.get(toOrgId) ?? toOrgId }), "ok"),
        (error: unknown) => {
          send.disabled = false;
          said(slot, orgErrorText(error), "error");
        },
      );
    });
    cancel.addEventListener("click", () => {
      replace(slot);
      open.focus();
    });
    replace(slot, box);
    query.focus();
    void search().catch(() => undefined);
  });
  return h("div", { class: "onb-transfer" }, open, slot);
}

function transferCard(org: string, transfer: Transfer, direction: string): HTMLElement {
  const slot = h("div", { class: "org-confirm-slot" });
  const actions = h("div", { class: "actions" });
  const route = h("p", { class: "muted" }, t("onb.transferFromTo", { from: transfer.fromOrgId, to: transfer.toOrgId }));
  void Promise.all([nameOf(transfer.fromOrgId), nameOf(transfer.toOrgId)]).then(([from, to]) => {
    route.textContent = t("onb.transferFromTo", { from, to });
  });
  if (canManage() && transfer.status === "PENDING") {
    const finished = (text: string) => {
      replace(actions);
      said(slot, text, "ok");
    };
    if (direction === "incoming") {
      actions.append(
        confirmButton(t("onb.accept"), {
          question: t("onb.acceptQuestion", { name: transfer.name }), confirm: t("onb.acceptYes"),
          done: t("onb.accepted", { name: transfer.name }), kind: "primary", ariaLabel: `${t("onb.accept")}: ${transfer.name}`,
        }, slot, async () => {
          await api.post(`/orgs/${seg(org)}/transfers/${seg(transfer.transferId)}/accept`);
          replace(actions);
        }),
        refuseButton(t("onb.reject"), t("onb.reject"), transfer.name, slot, async (reason) => {
          await api.post(`/orgs/${seg(org)}/transfers/${seg(transfer.transferId)}/reject`, reason ? { reason } : {});
          finished(t("onb.transferRejected", { name: transfer.name }));
        }),
      );
    } else {
      actions.append(confirmButton(t("onb.withdraw"), {
        question: t("onb.withdrawQuestion", { name: transfer.name }), confirm: t("onb.withdrawYes"),
        done: t("onb.withdrawn", { name: transfer.name }), ariaLabel: `${t("onb.withdraw")}: ${transfer.name}`,
      }, slot, async () => {
        await api.post(`/orgs/${seg(org)}/transfers/${seg(transfer.transferId)}/cancel`);
        replace(actions);
      }));
    }
  }
  return h("article", { class: "org-person", "data-transfer-id": transfer.transferId },
    h("h3", null, transfer.name, " ", statusPill(transfer.status)),
    h("p", { class: "muted" }, [transfer.designation, transfer.employeeId].filter(Boolean).join(" · ")),
    route,
    h("p", { class: "muted" }, t("onb.requestedOn", { date: formatDateTime(transfer.requestedAt) })),
    transfer.reason ? h("p", null, t("onb.reason", { reason: transfer.reason })) : null,
    actions, slot);
}

export async function orgTransfersView(ctx: RouteContext): Promise<Node> {
  const org = await orgOf(ctx);
  const directionSelect = h("select", { id: "onb-direction", name: "direction" },
    h("option", { value: "incoming" }, t("onb.incoming")), h("option", { value: "outgoing" }, t("onb.outgoing")));
  const statusSelect = h("select", { id: "onb-status", name: "status" },
    (["pending", "accepted", "rejected", "cancelled"] as const).map((s) => h("option", { value: s }, t(`onb.st.${s}` as MessageKey))));
  directionSelect.value = ctx.query.get("direction") === "outgoing" ? "outgoing" : "incoming";
  statusSelect.value = ctx.query.get("status") ?? "pending";
  const list = pagedList<Transfer>(
    (cursor) => api.get<Page<Transfer>>(`/orgs/${seg(org)}/transfers`, { direction: directionSelect.value, status: statusSelect.value, cursor }),
    (transfer) => transferCard(org, transfer, directionSelect.value),
    { emptyText: t("onb.noTransfers"), label: t("onb.transfersTitle") },
  );
  const filters = h("form", {
    class: "inline onb-filters",
    "aria-label": t("onb.transfersTitle"),
    onSubmit: (event: Event) => {
      event.preventDefault();
      window.history.replaceState(null, "", `${window.location.pathname}?direction=${directionSelect.value}&status=${statusSelect.value}`);
      void list.reload();
    },
  },
  h("div", { class: "field" }, h("label", { for: "onb-direction" }, t("onb.direction")), directionSelect),
  h("div", { class: "field" }, h("label", { for: "onb-status" }, t("onb.status")), statusSelect),
  h("button", { type: "submit", class: "secondary" }, t("org.show")));
  return page(
    t("onb.transfersTitle"),
    h("p", { class: "lead" }, canManage() ? t("onb.transfersLead") : t("onb.transfersLeadReader")),
    filters,
    section(t("onb.transfersTitle"), list),
  );
}

