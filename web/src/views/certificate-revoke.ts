// Revoking a certificate (issue 20, POST /certificates/{id}/revoke) from its verification page: an SPV admin, or
// an MDO admin of the org that issued it, opens the panel, gives a reason (10–500 characters, kept with the
// certificate, never shown publicly), confirms, and the page shows it revoked.

import { api, seg } from "../api";
import { h } from "../dom";
import { form, submitButton, submitting, textarea, values } from "../forms";
import { t } from "../i18n";
import { loadMe } from "../state";
import { announce } from "../status";

export const REASON_MIN = 10;
export const REASON_MAX = 500;

interface Revocable {
  id: string;
  status: "valid" | "revoked";
  issuerOrgId?: string | null;
}

/** Whether the signed-in user may revoke it (the server decides; this only hides a button it would refuse). */
export async function mayRevoke(c: Revocable): Promise<boolean> {
  if (c.status === "revoked") return false;
  const me = await loadMe();
  if (!me) return false;
  if (me.roles.includes("SPV_ADMIN")) return true;
  return me.roles.includes("MDO_ADMIN") && !!c.issuerOrgId && me.orgId === c.issuerOrgId;
}

/** The "Revoke certificate" button, its reason form and its confirmation; `onRevoked` after the revocation. */
export function revokePanel(certificateId: string, onRevoked: () => void): HTMLElement {
  const open = h("button", { type: "button", class: "secondary danger", "aria-expanded": "false", "data-revoke-open": "" },
    t("certs.revokeButton"));
  const cancel = h("button", { type: "button", class: "secondary" }, t("certs.revokeCancel"));
  const question = h("div", { class: "cert-revoke-confirm", role: "group", "aria-label": t("certs.revokeQuestion"), hidden: true },
    h("p", null, h("strong", null, t("certs.revokeQuestion"))));
  const yes = submitButton(t("certs.revokeYes"), { class: "primary danger", "data-revoke-confirm": "" });
  const no = h("button", { type: "button", class: "secondary" }, t("certs.revokeNo"));
  question.append(h("div", { class: "actions" }, yes, no));
  const next = h("button", { type: "button", class: "primary danger", "data-revoke-next": "" }, t("certs.revokeNext"));
  const firstStep = h("div", { class: "actions" }, next, cancel);
  const revokeForm: HTMLFormElement = form(
    {
      class: "cert-revoke-form",
      hidden: true,
      "aria-label": t("certs.revokeTitle"),
      onSubmit: (event: Event) => {
        event.preventDefault();
        void submitting(revokeForm, async () => {
          await api.post(`/certificates/${seg(certificateId)}/revoke`, { reason: values(revokeForm).reason });
          announce(t("certs.revokeDone"));
          onRevoked();
        }, t("status.saving"));
      },
    },
    h("h2", null, t("certs.revokeTitle")),
    textarea({ label: t("certs.revokeReason"), name: "reason", required: true, minlength: REASON_MIN, maxlength: REASON_MAX,
      rows: 3, hint: t("certs.revokeHint", { min: REASON_MIN, max: REASON_MAX }) }),
    firstStep,
    question,
  );
  const reason = (): HTMLTextAreaElement => revokeForm.querySelector("textarea")!;
  const short = h("p", { class: "field-error", role: "alert", hidden: true });
  reason().after(short);
  const ask = (asking: boolean): void => {
    firstStep.hidden = asking;
    question.hidden = !asking;
    reason().readOnly = asking;
    if (asking) no.focus();
  };
  next.addEventListener("click", () => {
    const text = reason().value.trim();
    short.hidden = text.length >= REASON_MIN;
    short.textContent = short.hidden ? "" : t("certs.revokeTooShort", { min: REASON_MIN });
    if (short.hidden) ask(true);
    else reason().focus();
  });
  no.addEventListener("click", () => {
    ask(false);
    next.focus();
  });
  const toggle = (show: boolean): void => {
    revokeForm.hidden = !show;
    open.hidden = show;
    open.setAttribute("aria-expanded", String(show));
    if (show) reason().focus();
    else open.focus();
  };
  open.addEventListener("click", () => toggle(true));
  cancel.addEventListener("click", () => toggle(false));
  return h("section", { class: "cert-revoke no-print", "aria-label": t("certs.revokeTitle") }, open, revokeForm);
}
