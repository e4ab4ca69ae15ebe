// The competency profile (first login), and the user's own profile with karma points.

import { allPages, api } from "../api";
import { dl, errorBox, errorMessage, genericTable, page, pill, section } from "../components";
import { h, uid } from "../dom";
import { field, form, submitButton, submitting, values } from "../forms";
import { formatDateTime, formatNumber, t, tOr } from "../i18n";
import { link, navigate, type RouteContext } from "../router";
import { currentUser, loadMe, setMe, type Me } from "../state";
import { announce, statusLine } from "../status";
import { disablePush, enablePush, pushState, PushSetupError } from "../push";

export interface Competency {
  id: string;
  name: string;
  area: string;
  description?: string;
  levels?: ({ level?: number; name?: string; description?: string } | string)[];
}

export interface PassbookEntry {
  competencyId: string;
  level: number;
  source: string;
  sourceId?: string;
  acquiredAt?: string;
}

let competencyCache: Promise<Competency[]> | null = null;

/** The framework, loaded once per session (it changes rarely). */
export function competencies(): Promise<Competency[]> {
  competencyCache ??= allPages<Competency>("/competencies").catch((error: unknown) => {
    competencyCache = null;
    throw error;
  });
  return competencyCache;
}

export async function competencyNames(): Promise<Map<string, string>> {
  try {
    return new Map((await competencies()).map((c) => [c.id, c.name]));
  } catch {
    return new Map();
  }
}

export function areaLabel(area: string): string {
  return tOr(`area.${area}`, area);
}

function levelText(level: Competency["levels"] extends (infer L)[] | undefined ? L : never, index: number): string {
  if (typeof level === "string") return level;
  return [level.name, level.description].filter(Boolean).join(": ") || t("competency.level", { level: index + 1 });
}

const splitList = (text: string): string[] =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

export async function competencyProfileView(ctx: RouteContext): Promise<Node> {
  const first = ctx.query.get("first") === "1" || currentUser()?.profileComplete === false;
  let framework: Competency[];
  try {
    framework = await competencies();
  } catch (error) {
    return page(t("profile.competencyTitle"), errorBox(error, () => navigate(ctx.path + window.location.search, { replace: true })));
  }
  const saved = (await loadMe())?.competencyProfile ?? null;
  const current = new Map<string, number>((saved?.competencies ?? []).map((c) => [c.competencyId, c.level]));
  const desired = new Map<string, number>((saved?.desiredCompetencies ?? []).map((c) => [c.competencyId, c.level]));
  if (!saved) {
    try {
      const passbook = await api.get<{ items?: PassbookEntry[] } | PassbookEntry[]>("/me/competencies");
      const entries = Array.isArray(passbook) ? passbook : (passbook.items ?? []);
      for (const entry of entries) if (entry.source === "self") current.set(entry.competencyId, entry.level);
    } catch {
      /* a new user has no passbook yet */
    }
  }

  const levelOptions = (selected: number | undefined) => [
    h("option", { value: "" }, t("competency.notSet")),
    [1, 2, 3, 4, 5].map((n) => h("option", { value: String(n), selected: selected === n }, t("competency.level", { level: n }))),
  ];

  const areaFilter = h("select", { id: "cp-area" }, h("option", { value: "" }, t("competency.allAreas")),
    [...new Set(framework.map((c) => c.area))].map((a) => h("option", { value: a }, areaLabel(a))));
  const textFilter = h("input", { type: "search", id: "cp-filter", autocomplete: "off" });
  const filterStatus = h("p", { class: "hint", role: "status", "aria-live": "polite" });

  const rows = framework.map((c) => {
    const currentId = uid("cur");
    const desiredId = uid("des");
    const descId = uid("desc");
    const row = h(
      "li",
      { class: "competency-row", "data-area": c.area, "data-name": c.name.toLowerCase() },
      h("div", { class: "competency-head" }, h("h3", null, c.name), pill(areaLabel(c.area))),
      c.description ? h("p", { class: "muted", id: descId }, c.description) : null,
      c.levels?.length
        ? h("details", null, h("summary", null, t("competency.levelsShow")), h("ol", { class: "levels" }, c.levels.map((l, i) => h("li", null, levelText(l, i)))))
        : null,
      h(
        "div",
        { class: "level-pickers" },
        h("div", { class: "field" }, h("label", { for: currentId }, t("competency.current"), h("span", { class: "visually-hidden" }, ` — ${c.name}`)),
          h("select", { id: currentId, name: `current:${c.id}`, "data-competency": c.id, "data-kind": "current", "aria-describedby": c.description ? descId : undefined }, levelOptions(current.get(c.id)))),
        h("div", { class: "field" }, h("label", { for: desiredId }, t("competency.desired"), h("span", { class: "visually-hidden" }, ` — ${c.name}`)),
          h("select", { id: desiredId, name: `desired:${c.id}`, "data-competency": c.id, "data-kind": "desired" }, levelOptions(desired.get(c.id)))),
      ),
    );
    return row;
  });

  const applyFilter = () => {
    const area = areaFilter.value;
    const text = textFilter.value.trim().toLowerCase();
    let shown = 0;
    for (const row of rows) {
      const visible = (!area || row.dataset.area === area) && (!text || (row.dataset.name ?? "").includes(text));
      row.hidden = !visible;
      if (visible) shown += 1;
    }
    filterStatus.textContent = t("competency.shownOf", { shown, total: rows.length });
  };
  areaFilter.addEventListener("change", applyFilter);
  textFilter.addEventListener("input", applyFilter);

  const profileForm = form(
    {
      class: "stack",
      "aria-labelledby": "page-title",
      onSubmit: (event: Event) => {
        event.preventDefault();
        void submitting(profileForm, async () => {
          const v = values(profileForm);
          const picked = (kind: string) =>
            Array.from(profileForm.querySelectorAll<HTMLSelectElement>(`select[data-kind=${kind}]`))
              .filter((s) => s.value)
              .map((s) => ({ competencyId: s.dataset.competency!, level: Number(s.value) }));
          await api.put("/me/competency-profile", {
            roles: splitList(v.roles ?? ""),
            competencies: picked("current"),
            desiredCompetencies: picked("desired"),
            interests: splitList(v.interests ?? ""),
          });
          const me = await loadMe(true);
          if (me) setMe({ ...me, profileComplete: true });
          announce(t("profile.saved"));
          navigate(first ? "/courses?welcome=1" : "/me");
        }, t("status.saving"));
      },
    },
    h("div", { class: "card stack" },
      field({ label: t("profile.roles"), name: "roles", hint: t("profile.rolesHint"), autocomplete: "off", value: (saved?.roles ?? []).join(", ") }),
      field({ label: t("profile.interests"), name: "interests", hint: t("profile.interestsHint"), autocomplete: "off", value: (saved?.interests ?? []).join(", ") }),
    ),
    h("fieldset", { class: "card" },
      h("legend", null, t("profile.competencies")),
      h("p", { class: "hint" }, t("profile.competenciesHint")),
      h("div", { class: "filters" },
        h("div", { class: "field" }, h("label", { for: "cp-area" }, t("competency.area")), areaFilter),
        h("div", { class: "field" }, h("label", { for: "cp-filter" }, t("competency.filter")), textFilter),
      ),
      filterStatus,
      h("ul", { class: "competency-list" }, rows),
    ),
    h("div", { class: "actions sticky-actions" }, submitButton(t("profile.save"))),
  );
  return page(t("profile.competencyTitle"), first ? h("p", { class: "notice" }, t("profile.firstLogin")) : h("p", { class: "lead" }, t("profile.competencyLead")), profileForm);
}

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
  const karma = h("div", null, h("p", { class: "loading" }, t("status.loading")));
  // A new designation is a request an administrator of the org approves (API.md, PATCH /me).
  const designationSelect = h("select", { name: "designationId", id: uid("designation"), required: true },
    h("option", { value: "" }, t("status.loading")));
  void api
    .get<{ items: { id: string; name: string }[] }>("/designations", { limit: 100 })
    .then((page) => designationSelect.replaceChildren(
      ...page.items.map((d) => h("option", { value: d.id, selected: d.id === (me.pendingDesignation?.designationId ?? me.designationId) }, d.name)),
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
    section(t("profile.details"),
      dl([
        [t("register.name"), me.name],
        [t("register.employeeId"), me.employeeId],
        [t("register.email"), me.email],
        [t("register.mobile"), me.mobile],
        [t("register.org"), me.orgId],
        [t("register.designation"), me.pendingDesignation
          ? h("span", null, me.designation, " ", pill(t("profile.pendingDesignation", { designation: me.pendingDesignation.designation })))
          : me.designation],
        [t("profile.rolesHeld"), me.roles.map((r) => tOr(`role.${r}`, r)).join(", ")],
        [t("profile.karmaPoints"), formatNumber(me.karmaPoints ?? 0)],
      ]),
      link("/profile/competencies", { class: "button" }, t("profile.editCompetencies")),
      link("/me/account", { class: "button" }, t("lrn.accountLink")),
    ),
    section(t("profile.editName"), nameForm),
    section(t("profile.changeDesignation"), designationForm),
    section(t("profile.karma"), karma),
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
