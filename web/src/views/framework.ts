// The competency framework: the list (area filter, search), a competency's page with its five levels, and the
// editor that creates (POST /competencies) and edits (PUT /competencies/{id}, version checked) one. The server
// decides who may: an SPV administrator any, an MDO administrator their organisation's domain competencies.

import { api, seg, type Page } from "../api";
import { dl, page, pagedList, pill, section, regionTable } from "../components";
import { h } from "../dom";
import { field, form, select, submitButton, submitting, textarea, values } from "../forms";
import { t, tOr } from "../i18n";
import { link, navigate, type RouteContext } from "../router";
import { currentUser, hasRole } from "../state";
import { announce } from "../status";
import { directoryNav } from "./directory";

interface Level {
  level: number;
  name: string;
  description: string;
}

interface Competency {
  id: string;
  name: string;
  area: string;
  description: string;
  levels: Level[];
  ownerOrgId?: string | null;
  version: number;
}

export const FRAMEWORK_EDITORS = ["SPV_ADMIN", "MDO_ADMIN"];
const AREAS = ["behavioural", "functional", "domain"];
const LEVEL_NAMES = ["Basic", "Developing", "Proficient", "Advanced", "Expert"];

const areaName = (area: string): string => tOr(`area.${area}`, area);
const levelName = (name: string): string => tOr(`framework.levelName.${name}`, name);

/** Whether the signed-in user may edit `c` (the server checks again). */
function mayEdit(c: Competency): boolean {
  if (hasRole("SPV_ADMIN")) return true;
  return hasRole("MDO_ADMIN") && !!c.ownerOrgId && c.ownerOrgId === currentUser()?.orgId;
}

function competencyCard(c: Competency): HTMLElement {
  return h(
    "article",
    { class: "competency-card" },
    h("h2", { class: "h3" }, link(`/competencies/${seg(c.id)}`, null, c.name)),
    h("p", { class: "meta" }, pill(areaName(c.area), "info"), c.ownerOrgId ? pill(t("framework.ownedBy", { org: c.ownerOrgId })) : null),
    h("p", { class: "clamp" }, c.description),
  );
}

export function competenciesView(ctx: RouteContext): Node {
  const fetcher = () => {
    const v = values(filters);
    return (cursor: string | null) => api.get<Page<Competency>>("/competencies", { area: v.area || undefined, q: v.q || undefined, cursor });
  };
  const filters = form(
    { class: "filters", role: "search", "aria-label": t("framework.filter"), onSubmit: (e: Event) => { e.preventDefault(); void list.reload(fetcher()); } },
    select({ label: t("competency.area"), name: "area", placeholder: t("competency.allAreas"), options: AREAS.map((a) => ({ value: a, label: areaName(a) })), value: ctx.query.get("area") ?? "" }),
    field({ label: t("framework.search"), name: "q", type: "search", minlength: 2, maxlength: 100, autocomplete: "off" }),
    h("div", { class: "field align-end" }, submitButton(t("action.apply"))),
  );
  const list = pagedList<Competency>(fetcher(), competencyCard, { emptyText: t("framework.none"), label: t("framework.title") });
  return page(
    t("framework.title"),
    hasRole("SPV_ADMIN") ? directoryNav("/competencies") : null,
    h("p", { class: "lead" }, t("framework.lead")),
    hasRole(...FRAMEWORK_EDITORS) ? h("p", null, link("/competencies/new", { class: "button" }, t("framework.new"))) : null,
    section(t("framework.title"), filters, list),
  );
}

function levelsTable(levels: Level[]): HTMLElement {
  return regionTable(t("framework.levels"),
    [
      h("th", { scope: "col" }, t("framework.level")),
      h("th", { scope: "col" }, t("framework.levelNameLabel")),
      h("th", { scope: "col" }, t("framework.levelDescription")),
    ],
    levels.map((l) => h("tr", null,
      h("th", { scope: "row" }, String(l.level)),
      h("td", null, levelName(l.name)),
      h("td", null, l.description))));
}

export async function competencyPageView(ctx: RouteContext): Promise<Node> {
  const c = await api.get<Competency>(`/competencies/${seg(ctx.params.competencyId!)}`);
  return page(
    c.name,
    hasRole("SPV_ADMIN") ? directoryNav("") : null,
    h("p", { class: "meta" }, pill(areaName(c.area), "info")),
    h("p", { class: "lead" }, c.description),
    section(t("framework.levels"), levelsTable([...c.levels].sort((a, b) => a.level - b.level))),
    section(t("framework.about"), dl([
      [t("framework.id"), h("code", null, c.id)],
      [t("framework.owner"), c.ownerOrgId ?? t("framework.platform")],
      [t("framework.version"), String(c.version)],
    ])),
    h("p", { class: "actions" },
      mayEdit(c) ? link(`/competencies/${seg(c.id)}/edit`, { class: "button" }, t("framework.edit")) : null,
      link(`/courses?competencyId=${seg(c.id)}`, null, t("framework.courses")),
      link("/competencies", null, t("framework.back"))),
  );
}

/** The create/edit form: name, area (fixed once created), description and the five levels. */
export async function competencyEditorView(ctx: RouteContext): Promise<Node> {
  const id = ctx.params.competencyId;
  const current = id ? await api.get<Competency>(`/competencies/${seg(id)}`) : null;
  const levelOf = (n: number) => current?.levels.find((l) => l.level === n);
  const mdoOnly = !hasRole("SPV_ADMIN");
  const levelFields = [1, 2, 3, 4, 5].map((n) =>
    h("fieldset", { class: "level-fieldset" },
      h("legend", null, t("framework.levelN", { n })),
      field({ label: t("framework.levelNameLabel"), name: `level${n}Name`, maxlength: 40, value: levelOf(n)?.name ?? LEVEL_NAMES[n - 1], hint: t("framework.levelNameHint") }),
      textarea({ label: t("framework.levelDescription"), name: `level${n}Description`, required: true, maxlength: 2000, rows: 2, value: levelOf(n)?.description ?? "" })));
  const editor = form(
    {
      class: "stack card",
      "aria-label": current ? t("framework.editTitle", { name: current.name }) : t("framework.newTitle"),
      onSubmit: (event: Event) => {
        event.preventDefault();
        void submitting(editor, async () => {
          const v = values(editor);
          const levels = [1, 2, 3, 4, 5].map((n) => ({ level: n, name: v[`level${n}Name`] || undefined, description: v[`level${n}Description`] }));
          const saved = current
            ? await api.put<Competency>(`/competencies/${seg(current.id)}`, { version: current.version, name: v.name, description: v.description, levels })
            : await api.post<Competency>("/competencies", { name: v.name, area: v.area, description: v.description, levels });
          announce(t("framework.saved", { name: saved.name }));
          navigate(`/competencies/${seg(saved.id)}`);
        }, t("status.saving"));
      },
    },
    field({ label: t("framework.name"), name: "name", required: true, minlength: 2, maxlength: 120, value: current?.name ?? "" }),
    current
      ? h("p", null, t("competency.area"), ": ", pill(areaName(current.area), "info"))
      : select({
          label: t("competency.area"),
          name: "area",
          required: true,
          hint: mdoOnly ? t("framework.mdoDomainOnly") : undefined,
          options: (mdoOnly ? ["domain"] : AREAS).map((a) => ({ value: a, label: areaName(a) })),
        }),
    textarea({ label: t("framework.description"), name: "description", required: true, maxlength: 2000, rows: 3, value: current?.description ?? "" }),
    h("h2", null, t("framework.levels")),
    h("p", { class: "hint" }, t("framework.levelsHint")),
    levelFields,
    h("div", { class: "actions" },
      submitButton(current ? t("framework.save") : t("framework.create")),
      link(current ? `/competencies/${seg(current.id)}` : "/competencies", null, t("framework.cancel"))),
  );
  return page(current ? t("framework.editTitle", { name: current.name }) : t("framework.newTitle"), editor);
}
