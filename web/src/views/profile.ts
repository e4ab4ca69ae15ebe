// The user's own profile with karma points (the competency profile form is in competency-profile.ts).

import { api } from "../api";
import { dl, errorBox, errorMessage, genericTable, page, pill, section } from "../components";
import { h, uid } from "../dom";
import { field, form, submitButton, submitting, values } from "../forms";
import { formatDateTime, formatNumber, t, tOr } from "../i18n";
import { link, navigate } from "../router";
import { loadMe, setMe, type Me } from "../state";
import { announce, statusLine } from "../status";
import { disablePush, enablePush, pushState, PushSetupError } from "../push";
import { designationNames, localName, orgName } from "./competency-data";
import { membershipNotice } from "./register-extras";
import { showCertificatesToggle } from "./certificates";

// The framework's data and names in the UI language live in competency-data.ts, the competency profile form in
// competency-profile.ts; re-exported here for the views that import them from this module.
export { areaLabel, competencies, competencyNames, localName, type Competency, type PassbookEntry } from "./competency-data";
export { competencyProfileView } from "./competency-profile";

export async function meView(): Promise<Node> {
  const me = await loadMe(true);
  if (!me) return page(t("profile.title"), errorBox(new Error(t("error.loadFailed"))));
  const nameForm = form(
    {
      class: "stack",
      onSubmit: (event: Event) => {
        event.preventDefault();
        void submitting(nameForm, async () => {
          const v = values(nameForm);
          const updated = await api.patch<Me>("/me", { version: me.version, name: v.name });
          setMe(updated);
          announce(t("profile.saved"));
          navigate("/me", { replace: true });
        }, t("status.saving"));
      },
    },
    field({ label: t("register.name"), name: "name", required: true, autocomplete: "name", value: me.name }),
    h("div", { class: "actions" }, submitButton(t("action.save"))),
  );
  // The org and designation by their names in the UI language (the profile holds ids and the English name).
  const [org, designations] = await Promise.all([orgName(me.orgId), designationNames()]);
  const designationName = (id: string | undefined, fallback: string) => (id && designations.get(id)) || fallback;
  const karma = h("div", null, h("p", { class: "loading" }, t("status.loading")));
  // A new designation is a request an administrator of the org approves (API.md, PATCH /me).
  const designationSelect = h("select", { name: "designationId", id: uid("designation"), required: true },
    h("option", { value: "" }, t("status.loading")));
  void api
    .get<{ items: { id: string; name: string; nameHi?: string | null }[] }>("/designations", { limit: 100 })
    .then((page) => designationSelect.replaceChildren(
      ...page.items.map((d) => h("option", { value: d.id, selected: d.id === (me.pendingDesignation?.designationId ?? me.designationId) }, localName(d))),
    ))
    .catch(() => designationSelect.replaceChildren(h("option", { value: "" }, t("error.loadFailed"))));
  const askDesignation = async (designationId: string): Promise<void> => {
    const updated = await api.patch<Me>("/me", { version: me.version, designationId });
    setMe(updated);
    announce(updated.pendingDesignation ? t("profile.designationAsked") : t("profile.saved"));
    navigate("/me", { replace: true });
  };
  const designationForm = form(
    {
      class: "stack",
      onSubmit: (event: Event) => {
        event.preventDefault();
        void submitting(designationForm, () => askDesignation(values(designationForm).designationId), t("status.saving"));
      },
    },
    h("p", { class: "hint" }, t("profile.changeDesignationLead")),
    h("div", { class: "field" }, h("label", { for: designationSelect.id }, t("register.designation")), designationSelect),
    h("div", { class: "actions" },
      submitButton(t("action.save")),
      me.pendingDesignation && me.designationId
        ? h("button", { type: "button", class: "secondary", onClick: () => void submitting(designationForm, () => askDesignation(me.designationId ?? ""), t("status.saving")) }, t("profile.withdrawDesignation"))
        : null),
  );
  void api
    .get<{ total: number; ledger: Record<string, unknown>[] }>("/me/karma")
    .then((k) => karma.replaceChildren(
      h("p", { class: "big-number" }, formatNumber(k.total ?? 0), " ", h("span", { class: "muted" }, t("profile.karmaPoints"))),
      genericTable(
        (k.ledger ?? []).slice(0, 20).map((e) => ({
          reason: tOr(`karmaReason.${String(e.reason)}`, String(e.reason ?? "")),
          points: e.points,
          note: e.note ?? "",
          at: formatDateTime(String(e.createdAt ?? e.at ?? "")),
        })),
        t("profile.karmaLedger"),
        ["reason", "points", "note", "at"],
        { reason: t("profile.karmaReason"), points: t("profile.karma"), note: t("profile.karmaNote"), at: t("profile.karmaDate") },
      ),
    ))
    .catch((error: unknown) => karma.replaceChildren(errorBox(error)));
  return page(
    t("profile.title"),
    await membershipNotice(),
    section(t("profile.details"),
      dl([
        [t("register.name"), me.name],
        [t("register.employeeId"), me.employeeId],
        [t("register.email"), me.email],
        [t("register.mobile"), me.mobile],
        [t("register.org"), org],
        [t("register.designation"), me.pendingDesignation
          ? h("span", null, designationName(me.designationId, me.designation), " ", pill(t("profile.pendingDesignation", { designation: designationName(me.pendingDesignation.designationId, me.pendingDesignation.designation) })))
          : designationName(me.designationId, me.designation)],
        [t("profile.rolesHeld"), me.roles.map((r) => tOr(`role.${r}`, r)).join(", ")],
        [t("profile.karmaPoints"), formatNumber(me.karmaPoints ?? 0)],
      ]),
      link("/profile/competencies", { class: "button" }, t("profile.editCompetencies")),
      link("/me/account", { class: "button" }, t("lrn.accountLink")),
    ),
    section(t("profile.editName"), nameForm),
    section(t("profile.changeDesignation"), designationForm),
    section(t("profile.karma"), karma),
    section(t("certs.onProfile"), showCertificatesToggle(me)),
    section(t("push.title"), pushToggle()),
  );
}

/** "Notifications on this device": Web Push for this browser, on or off (push.ts). */
function pushToggle(): HTMLElement {
  const id = uid("push");
  const hintId = `${id}-hint`;
  const toggle = h("input", { type: "checkbox", role: "switch", id, "aria-describedby": hintId, disabled: true });
  const status = statusLine();
  const box = h("div", { class: "stack push-settings" },
    h("div", { class: "field checkbox" },
      toggle,
      h("label", { for: id }, t("push.toggle")),
      h("p", { class: "hint", id: hintId }, t("push.hint"))),
    status);
  const show = async () => {
    const state = await pushState().catch(() => "off" as const);
    toggle.checked = state === "on";
    toggle.disabled = state === "unsupported";
    if (state === "unsupported") status.set(t("push.unsupported"), "info");
    else if (state === "denied") status.set(t("push.denied"), "info");
  };
  toggle.addEventListener("change", () => {
    const wanted = toggle.checked;
    toggle.disabled = true;
    status.set(t("status.saving"), "info");
    void (wanted ? enablePush() : disablePush())
      .then(() => status.set(wanted ? t("push.on") : t("push.off"), "ok"))
      .catch((error: unknown) => {
        toggle.checked = !wanted;
        status.set(error instanceof PushSetupError ? error.message : errorMessage(error), "error");
      })
      .finally(() => {
        toggle.disabled = false;
      });
  });
  void show();
  return box;
}
