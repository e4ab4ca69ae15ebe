// The SPV administrator's directory: organisations (type, parent, email domains) and an organisation's page,
// designations and career paths, with links to their editors (directory-forms.ts, directory-paths.ts).

import { allPages, api, seg, type Page } from "../api";
import { dl, page, pagedList, pill, section } from "../components";
import { h } from "../dom";
import { field, form, select, submitButton, values } from "../forms";
import { t } from "../i18n";
import { link, type RouteContext } from "../router";
import { designationCreateForm, designationRow, ORG_TYPES, orgName, typeName, type Designation, type Org } from "./directory-forms";

interface CareerPath {
  fromRole: string;
  fromRoleName?: string | null;
  toRole: string;
  toRoleName?: string | null;
  requiredCompetencies: { competencyId: string; name?: string | null; level: number }[];
  pathId?: string | null;
  pathTitle?: string | null;
}

export const DIRECTORY_ROLES = ["SPV_ADMIN"];

/** The directory's own menu: organisations, designations, career paths, the competency framework. */
export function directoryNav(current: string): HTMLElement {
  const items: [string, string][] = [
    ["/directory", t("directory.orgs")],
    ["/directory/designations", t("directory.designations")],
    ["/directory/career-paths", t("directory.careerPaths")],
    ["/competencies", t("framework.title")],
  ];
  return h("nav", { class: "subnav", "aria-label": t("directory.menu") },
    h("ul", null, items.map(([path, label]) => h("li", null, link(path, { "aria-current": path === current ? "page" : undefined }, label)))));
}

function orgRow(org: Org, parents: Map<string, Org>): HTMLElement {
  const parent = org.parentId ? parents.get(org.parentId) : undefined;
  return h(
    "article",
    { class: "org-card" },
    h("h2", { class: "h3" }, link(`/directory/orgs/${seg(org.id)}`, null, orgName(org))),
    h("p", { class: "meta" }, pill(typeName(org.type), "info")),
    dl([
      [t("directory.parent"), org.parentId ? link(`/directory/orgs/${seg(org.parentId)}`, null, parent ? orgName(parent) : org.parentId) : t("directory.noParent")],
      [t("directory.emailDomains"), org.emailDomains.length ? org.emailDomains.join(", ") : t("directory.noDomains")],
    ]),
  );
}

export async function orgsView(ctx: RouteContext): Promise<Node> {
  // The parents' names: the top of the tree (ministries and states) is small enough to read whole.
  const parents = new Map<string, Org>();
  for (const type of ["ministry", "state"] as const) {
    for (const org of await allPages<Org>("/orgs", { type }, 300).catch(() => [] as Org[])) parents.set(org.id, org);
  }
  const query = () => {
    const v = values(filters);
    return { type: v.type || undefined, q: v.q || undefined };
  };
  const fetcher = () => {
    const q = query();
    return (cursor: string | null) => api.get<Page<Org>>("/orgs", { ...q, cursor });
  };
  const filters = form(
    { class: "filters", role: "search", "aria-label": t("directory.filterOrgs"), onSubmit: (e: Event) => { e.preventDefault(); void list.reload(fetcher()); } },
    select({ label: t("directory.type"), name: "type", placeholder: t("directory.allTypes"), options: ORG_TYPES.map((v) => ({ value: v, label: typeName(v) })), value: ctx.query.get("type") ?? "" }),
    field({ label: t("directory.search"), name: "q", type: "search", minlength: 2, maxlength: 100, autocomplete: "off", hint: t("directory.searchHint") }),
    h("div", { class: "field align-end" }, submitButton(t("action.apply"))),
  );
  const list = pagedList<Org>(fetcher(), (org) => orgRow(org, parents), { emptyText: t("directory.noOrgs"), label: t("directory.orgs") });
  return page(
    t("directory.title"),
    directoryNav("/directory"),
    h("p", { class: "lead" }, t("dir.lead")),
    h("p", null, link("/directory/new-org", { class: "button" }, t("dir.newOrg"))),
    section(t("directory.orgs"), filters, list),
  );
}

export async function orgView(ctx: RouteContext): Promise<Node> {
  const id = ctx.params.orgId!;
  const org = await api.get<Org>(`/orgs/${seg(id)}`);
  const parent = org.parentId ? await api.get<Org>(`/orgs/${seg(org.parentId)}`).catch(() => null) : null;
  const children = pagedList<Org>(
    (cursor) => api.get<Page<Org>>("/orgs", { parentId: org.id, cursor }),
    (child) => h("span", null, link(`/directory/orgs/${seg(child.id)}`, null, orgName(child)), " ", pill(typeName(child.type), "info")),
    { emptyText: t("directory.noChildren"), label: t("directory.children") },
  );
  return page(
    orgName(org),
    directoryNav(""),
    section(
      t("directory.details"),
      dl([
        [t("directory.id"), h("code", null, org.id)],
        [t("directory.nameEn"), org.name],
        [t("directory.nameHi"), org.nameHi ? h("span", { lang: "hi" }, org.nameHi) : t("directory.none")],
        [t("directory.type"), typeName(org.type)],
        [t("directory.parent"), org.parentId ? link(`/directory/orgs/${seg(org.parentId)}`, null, parent ? orgName(parent) : org.parentId) : t("directory.noParent")],
        [t("directory.emailDomains"), org.emailDomains.length ? h("ul", { class: "plain" }, org.emailDomains.map((d) => h("li", null, h("code", null, d)))) : t("directory.noDomains")],
      ]),
    ),
    section(t("directory.children"), children),
    h("p", { class: "actions" },
      link(`/directory/orgs/${seg(org.id)}/edit`, { class: "button" }, t("dir.editOrg")),
      link("/directory", null, t("directory.backToOrgs"))),
  );
}

export function designationsView(): Node {
  const fetcher = () => {
    const q = values(filters).q || undefined;
    return (cursor: string | null) => api.get<Page<Designation>>("/designations", { q, cursor });
  };
  const filters = form(
    { class: "filters", role: "search", "aria-label": t("directory.filterDesignations"), onSubmit: (e: Event) => { e.preventDefault(); void list.reload(fetcher()); } },
    field({ label: t("directory.search"), name: "q", type: "search", minlength: 2, maxlength: 100, autocomplete: "off", hint: t("directory.searchHint") }),
    h("div", { class: "field align-end" }, submitButton(t("action.apply"))),
  );
  const reload = () => void list.reload(fetcher());
  const list = pagedList<Designation>(
    fetcher(),
    (d) => designationRow(d, reload),
    { emptyText: t("directory.noDesignations"), label: t("directory.designations") },
  );
  return page(
    t("directory.designations"),
    directoryNav("/directory/designations"),
    h("p", { class: "lead" }, t("directory.designationsLead")),
    designationCreateForm(reload),
    section(t("directory.designations"), filters, list),
  );
}

function pathItem(p: CareerPath): HTMLElement {
  const from = p.fromRoleName ?? p.fromRole;
  const to = p.toRoleName ?? p.toRole;
  return h(
    "article",
    { class: "career-path" },
    h("h2", { class: "h3" }, t("directory.pathFromTo", { from, to })),
    p.requiredCompetencies.length
      ? h("ul", { class: "plain", "aria-label": t("directory.pathNeeds", { to }) },
          p.requiredCompetencies.map((c) => h("li", null,
            link(`/competencies/${seg(c.competencyId)}`, null, c.name ?? c.competencyId), " ",
            pill(t("competency.level", { level: c.level }), "info"))))
      : h("p", { class: "muted" }, t("directory.pathNoNeeds")),
    p.pathId
      ? h("p", { class: "meta" }, t("dir.partOf", { title: p.pathTitle ?? p.pathId }), " ",
          link(`/directory/career-paths/${seg(p.pathId)}/edit`, { "aria-label": `${t("dir.editPath")}: ${p.pathTitle ?? p.pathId}` }, t("dir.editPath")))
      : null,
  );
}

export function careerPathsView(): Node {
  return page(
    t("directory.careerPaths"),
    directoryNav("/directory/career-paths"),
    h("p", { class: "lead" }, t("directory.careerPathsLead")),
    h("p", null, link("/directory/career-paths/new", { class: "button" }, t("dir.newPath"))),
    section(t("directory.careerPaths"), pagedList<CareerPath>(
      (cursor) => api.get<Page<CareerPath>>("/career/paths", { cursor }),
      pathItem,
      { emptyText: t("directory.noPaths"), label: t("directory.careerPaths") },
    )),
  );
}
