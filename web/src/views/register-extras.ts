// The register page's two other ways in (API.md v2 "Registration"): a registration link (`?link=<linkId>`)
// fixes the org it joins and skips the approval; an invitation code from a bulk import starts the same OTP and
// password steps with the invitation's details. Also the notice of a membership that waits or was refused.

import { api, ApiError, seg, type Schema } from "../api";
import { h } from "../dom";
import { field, form, submitButton, submitting, values } from "../forms";
import { lang, t } from "../i18n";
import { currentUser, loadMe } from "../state";

type LinkInfo = Schema<"RegistrationLinkInfo">;
type RegisterResponse = Schema<"RegisterResponse">;

/** What a registration link joins: its info when it works, and a notice for the page either way. */
export async function registrationLink(linkId: string): Promise<{ info: LinkInfo | null; notice: HTMLElement }> {
  try {
    const info = await api.get<LinkInfo>(`/registration-links/${seg(linkId)}`);
    const org = lang() === "hi" && info.orgNameHi ? info.orgNameHi : info.orgName;
    if (info.usable) return { info, notice: h("p", { class: "notice onb-joining", role: "status" }, t("onbr.joining", { org })) };
    return { info: null, notice: h("p", { class: "notice", role: "alert" }, t("onbr.linkUnusable")) };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      return { info: null, notice: h("p", { class: "notice", role: "alert" }, t("onbr.linkMissing")) };
    }
    throw error;
  }
}

/** The "I have an invitation code" form: the code starts the registration (the same answer as POST /auth/register). */
export function invitationForm(onStarted: (result: RegisterResponse) => void, onBack: () => void): HTMLElement {
  const codeForm = form(
    {
      class: "stack",
      "aria-labelledby": "reg-code-title",
      onSubmit: (event: Event) => {
        event.preventDefault();
        void submitting(codeForm, async () => {
          const code = values(codeForm).code.toUpperCase();
          onStarted(await api.post<RegisterResponse>("/auth/invitations/redeem", { code }, { auth: false }));
        }, t("status.sending"));
      },
    },
    h("h2", { id: "reg-code-title", class: "step-title", tabindex: "-1" }, t("onbr.codeTitle")),
    h("p", null, t("onbr.codeLead")),
    field({ label: t("onbr.code"), name: "code", required: true, autocomplete: "off", autocapitalize: "characters", spellcheck: "false",
      minlength: 12, maxlength: 20, pattern: "[A-Za-z0-9 \\-]{12,20}", hint: t("onbr.codeHint") }),
    h("div", { class: "actions" }, submitButton(t("onbr.codeContinue")),
      h("button", { type: "button", class: "secondary", onClick: onBack }, t("onbr.noCode"))),
  );
  return h("div", { class: "card" }, codeForm);
}

interface Membership { membership?: "ACTIVE" | "PENDING" | "REJECTED"; pendingOrgId?: string | null; rejectedOrgId?: string | null }

/** A notice for an account whose membership waits for the org's approval, or was refused; null when active. */
export async function membershipNotice(): Promise<HTMLElement | null> {
  const me = (currentUser() ?? (await loadMe())) as (Membership & object) | null;
  if (!me || !me.membership || me.membership === "ACTIVE") return null;
  const pending = me.membership === "PENDING";
  const orgId = (pending ? me.pendingOrgId : me.rejectedOrgId) ?? "";
  let org = orgId;
  try {
    const found = await api.get<{ name: string; nameHi?: string | null }>(`/orgs/${seg(orgId)}`);
    org = lang() === "hi" && found.nameHi ? found.nameHi : found.name;
  } catch {
    /* the id says enough */
  }
  return h("section", { class: `card onb-membership ${pending ? "pending" : "refused"}`, "aria-labelledby": "onb-membership-title", "data-membership": me.membership },
    h("h2", { id: "onb-membership-title", class: "h3" }, pending ? t("onbr.pendingTitle") : t("onbr.rejectedTitle")),
    h("p", null, t(pending ? "onbr.pending" : "onbr.rejected", { org })));
}
