// The org's registration links for its MDO admins: create one (valid until a day, for so many accounts), see the
// whole address with a Copy button, list them with their uses and expiry, revoke one. MDO leaders read the list.

import { api, seg, type Page, type Schema } from "../api";
import { page, pagedList, pill, section } from "../components";
import { h, replace } from "../dom";
import { field, form, submitButton, submitting, values } from "../forms";
import { formatDateTime, formatNumber, t } from "../i18n";
import type { RouteContext } from "../router";
import { announce } from "../status";
import { canManage, confirmButton, orgOf } from "./org-common";

type RegistrationLink = Schema<"RegistrationLink">;

/** The address an officer opens: the platform's origin and the link's path. */
function fullAddress(link: RegistrationLink): string {
  return new URL(link.url, window.location.origin).toString();
}

function copyBox(link: RegistrationLink): HTMLElement {
  const address = h("input", { type: "text", readonly: true, value: fullAddress(link), id: `link-${link.linkId}`, class: "onb-link-address" });
  const said = h("p", { class: "status-line", role: "status" });
  const copy = h("button", { type: "button", class: "secondary" }, t("onb.copy"));
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(address.value);
      said.textContent = t("onb.copied");
    } catch {
      address.select();
      said.textContent = t("onb.copyFailed");
    }
    announce(said.textContent ?? "");
  });
  return h("div", { class: "field" }, h("label", { for: `link-${link.linkId}` }, t("onb.linkAddress")),
    h("div", { class: "inline onb-copy" }, address, copy), said);
}

function linkCard(org: string, initial: RegistrationLink): HTMLElement {
  const link = initial;
  const slot = h("div", { class: "org-confirm-slot" });
  const state = link.revoked ? pill(t("onb.revokedPill"), "bad") : link.usable ? pill(t("onb.usable"), "ok") : pill(t("onb.notUsable"), "warn");
  const revoke = canManage() && !link.revoked
    ? confirmButton(t("onb.revoke"), {
        question: t("onb.revokeQuestion"),
        confirm: t("onb.revokeYes"),
        done: t("onb.revokedDone"),
        ariaLabel: `${t("onb.revoke")}: ${fullAddress(link)}`,
        kind: "danger small",
      }, slot, async () => {
        await api.del(`/orgs/${seg(org)}/registration-links/${seg(link.linkId)}`);
        revoke?.remove();
        state.replaceWith(pill(t("onb.revokedPill"), "bad"));
      })
    : null;
  return h("article", { class: "onb-link", "data-link-id": link.linkId },
    h("p", null, state, " ", t("onb.linkUses", { uses: formatNumber(link.uses), max: formatNumber(link.maxUses) }), " · ",
      t("onb.linkExpires", { date: formatDateTime(link.expiresAt) })),
    link.usable ? copyBox(link) : h("p", { class: "muted onb-link-address" }, fullAddress(link)),
    revoke ? h("div", { class: "actions" }, revoke) : null,
    slot);
}

function dayAhead(days: number): string {
  const date = new Date(Date.now() + days * 86_400_000 + 5.5 * 3_600_000); // the day in India
  return date.toISOString().slice(0, 10);
}

export async function orgLinksView(ctx: RouteContext): Promise<Node> {
  const org = await orgOf(ctx);
  const list = pagedList<RegistrationLink>(
    (cursor) => api.get<Page<RegistrationLink>>(`/orgs/${seg(org)}/registration-links`, { cursor }),
    (link) => linkCard(org, link),
    { emptyText: t("onb.noLinks"), label: t("onb.linksTitle") },
  );
  const created = h("div", { class: "onb-created" });
  const createForm = form(
    {
      class: "stack card",
      "aria-labelledby": "onb-new-link",
      onSubmit: (event: Event) => {
        event.preventDefault();
        void submitting(createForm, async () => {
          const v = values(createForm);
          const link = await api.post<RegistrationLink>(`/orgs/${seg(org)}/registration-links`, {
            expiresAt: `${v.expiresAt}T23:59:59+05:30`,
            maxUses: Number(v.maxUses),
          });
          replace(created, h("div", { class: "card success" }, h("p", { role: "status" }, t("onb.linkCreated")), copyBox(link)));
          announce(t("onb.linkCreated"));
          void list.reload();
        });
      },
    },
    h("h2", { id: "onb-new-link", class: "h3" }, t("onb.newLink")),
    field({ label: t("onb.expiresAt"), name: "expiresAt", type: "date", required: true, value: dayAhead(30), min: dayAhead(0), max: dayAhead(89), hint: t("onb.expiresAtHint") }),
    field({ label: t("onb.maxUses"), name: "maxUses", type: "number", required: true, value: "50", min: 1, max: 100000, inputmode: "numeric", hint: t("onb.maxUsesHint") }),
    h("div", { class: "actions" }, submitButton(t("onb.createLink"))),
  );
  return page(
    t("onb.linksTitle"),
    h("p", { class: "lead" }, canManage() ? t("onb.linksLead") : t("onb.linksLeadReader")),
    canManage() ? createForm : null,
    created,
    section(t("onb.linksTitle"), list),
  );
}
