// The competency profile (first login and later edits): the framework grouped by area in collapsible groups,
// a search box, and a draft kept on this device as the user goes (a reload or a lost connection loses
// nothing); saving sends it (PUT /me/competency-profile) and drops the draft.

import { api } from "../api";
import { errorBox, page, pill } from "../components";
import { h, uid } from "../dom";
import { field, form, submitButton, submitting, values } from "../forms";
import { formatNumber, t } from "../i18n";
import { navigate, type RouteContext } from "../router";
import { currentUser, loadMe, setMe } from "../state";
import { announce } from "../status";
import { areaLabel, competencies, localName, type Competency, type PassbookEntry } from "./competency-data";

interface Draft {
  roles: string;
  interests: string;
  current: Record<string, number>;
  desired: Record<string, number>;
}

const draftKey = (userId: string): string => `karmayogi.competencyDraft.${userId}`;

function readDraft(userId: string): Draft | null {
  try {
    const raw = localStorage.getItem(draftKey(userId));
    return raw ? (JSON.parse(raw) as Draft) : null;
  } catch {
    return null;
  }
}

function writeDraft(userId: string, draft: Draft | null): void {
  try {
    if (draft) localStorage.setItem(draftKey(userId), JSON.stringify(draft));
    else localStorage.removeItem(draftKey(userId));
  } catch {
    /* storage disabled: the form still works, without the draft */
  }
}

function levelText(level: NonNullable<Competency["levels"]>[number], index: number): string {
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
  const me = await loadMe();
  const userId = me?.userId ?? "me";
  const saved = me?.competencyProfile ?? null;
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
  let roles = (saved?.roles ?? []).join(", ");
  let interests = (saved?.interests ?? []).join(", ");
  const draft = readDraft(userId);
  if (draft) {
    roles = draft.roles;
    interests = draft.interests;
    current.clear();
    desired.clear();
    for (const [id, level] of Object.entries(draft.current)) current.set(id, level);
    for (const [id, level] of Object.entries(draft.desired)) desired.set(id, level);
  }

  const levelOptions = (selected: number | undefined) => [
    h("option", { value: "" }, t("competency.notSet")),
    [1, 2, 3, 4, 5].map((n) => h("option", { value: String(n), selected: selected === n }, t("competency.level", { level: n }))),
  ];

  const row = (c: Competency): HTMLElement => {
    const name = localName(c);
    const currentId = uid("cur");
    const desiredId = uid("des");
    const descId = uid("desc");
    return h(
      "li",
      { class: "competency-row", "data-area": c.area, "data-name": `${c.name} ${c.nameHi ?? ""}`.toLowerCase() },
      h("div", { class: "competency-head" }, h("h4", null, name)),
      // The description and the levels' meaning are one click away: each row stays short on a phone.
      c.description || c.levels?.length
        ? h("details", null, h("summary", null, t("competency.levelsShow")),
            c.description ? h("p", { class: "muted", id: descId }, c.description) : null,
            c.levels?.length ? h("ol", { class: "levels" }, c.levels.map((l, i) => h("li", null, levelText(l, i)))) : null)
        : null,
      h(
        "div",
        { class: "level-pickers" },
        h("div", { class: "field" }, h("label", { for: currentId }, t("competency.current"), h("span", { class: "visually-hidden" }, ` — ${name}`)),
          h("select", { id: currentId, name: `current:${c.id}`, "data-competency": c.id, "data-kind": "current", "aria-describedby": c.description ? descId : undefined }, levelOptions(current.get(c.id)))),
        h("div", { class: "field" }, h("label", { for: desiredId }, t("competency.desired"), h("span", { class: "visually-hidden" }, ` — ${name}`)),
          h("select", { id: desiredId, name: `desired:${c.id}`, "data-competency": c.id, "data-kind": "desired" }, levelOptions(desired.get(c.id)))),
      ),
    );
  };

  // One collapsible group per area of the framework (behavioural, functional, domain).
  const areas = [...new Set(framework.map((c) => c.area))];
  const wide = window.matchMedia("(min-width: 48rem)").matches;
  const groups = areas.map((area, index) => {
    const members = framework.filter((c) => c.area === area).sort((a, b) => localName(a).localeCompare(localName(b)));
    const rows = members.map(row);
    const count = h("span", { class: "group-count" });
    const group = h(
      "details",
      // On a wide screen the first group starts open; on a phone all start closed (the framework is long).
      { class: "competency-group", "data-area": area, open: index === 0 && wide },
      h("summary", null, h("span", { class: "group-name" }, areaLabel(area)), " ", count),
      h("ul", { class: "competency-list" }, rows),
    ) as HTMLDetailsElement;
    const recount = () => {
      const chosen = members.filter((c) => current.has(c.id) || desired.has(c.id)).length;
      count.replaceChildren(pill(t("fx.compGroupCount", { selected: formatNumber(chosen), count: formatNumber(members.length) })));
    };
    recount();
    return { group, rows, recount };
  });

  const search = h("input", { type: "search", id: "cp-filter", autocomplete: "off", "aria-describedby": "cp-filter-hint" });
  const searchStatus = h("p", { class: "hint", role: "status", "aria-live": "polite" });
  search.addEventListener("input", () => {
    const text = search.value.trim().toLowerCase();
    let shown = 0;
    for (const { group, rows } of groups) {
      let inGroup = 0;
      for (const r of rows) {
        const visible = !text || (r.dataset.name ?? "").includes(text);
        r.hidden = !visible;
        if (visible) inGroup += 1;
      }
      shown += inGroup;
      group.hidden = inGroup === 0;
      if (text) group.open = inGroup > 0;
    }
    searchStatus.textContent = !text ? "" : shown ? t("competency.shownOf", { shown, total: framework.length }) : t("fx.compNoMatch");
  });

  const draftStatus = h("p", { class: "hint", role: "status", "aria-live": "polite" }, draft ? t("fx.compDraftRestored") : "");
  const profileForm: HTMLFormElement = form(
    {
      class: "stack",
      "aria-labelledby": "page-title",
      onSubmit: (event: Event) => {
        event.preventDefault();
        void submitting(profileForm, async () => {
          const v = values(profileForm);
          const picked = (levels: Map<string, number>) => [...levels].map(([competencyId, level]) => ({ competencyId, level }));
          await api.put("/me/competency-profile", {
            roles: splitList(v.roles ?? ""),
            competencies: picked(current),
            desiredCompetencies: picked(desired),
            interests: splitList(v.interests ?? ""),
          });
          writeDraft(userId, null);
          const fresh = await loadMe(true);
          if (fresh) setMe({ ...fresh, profileComplete: true });
          announce(t("profile.saved"));
          navigate(first ? "/courses?welcome=1" : "/me");
        }, t("status.saving"));
      },
    },
    h("div", { class: "card stack" },
      field({ label: t("profile.roles"), name: "roles", hint: t("profile.rolesHint"), autocomplete: "off", value: roles }),
      field({ label: t("profile.interests"), name: "interests", hint: t("profile.interestsHint"), autocomplete: "off", value: interests }),
    ),
    h("fieldset", { class: "card" },
      h("legend", null, t("profile.competencies")),
      h("p", { class: "hint" }, t("profile.competenciesHint")),
      h("div", { class: "field" },
        h("label", { for: "cp-filter" }, t("competency.filter")),
        h("p", { class: "hint", id: "cp-filter-hint" }, t("fx.compSearchHint")),
        search),
      searchStatus,
      groups.map((g) => g.group),
    ),
    h("div", { class: "actions sticky-actions" }, submitButton(t("profile.save")), draftStatus),
  );
  // Save as you go: every change is kept on this device until the profile is saved.
  const keep = (event: Event) => {
    const target = event.target;
    if (target instanceof HTMLSelectElement && target.dataset.competency) {
      const levels = target.dataset.kind === "desired" ? desired : current;
      if (target.value) levels.set(target.dataset.competency, Number(target.value));
      else levels.delete(target.dataset.competency);
      for (const g of groups) g.recount();
    } else if (target === search) {
      return;
    }
    const v = values(profileForm);
    writeDraft(userId, { roles: v.roles ?? "", interests: v.interests ?? "", current: Object.fromEntries(current), desired: Object.fromEntries(desired) });
    draftStatus.textContent = t("fx.compDraftSaved");
  };
  profileForm.addEventListener("change", keep);
  profileForm.addEventListener("input", keep);
  return page(t("profile.competencyTitle"), first ? h("p", { class: "notice" }, t("profile.firstLogin")) : h("p", { class: "lead" }, t("profile.competencyLead")), profileForm);
}
