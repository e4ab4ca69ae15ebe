// The SPV administrator's directory editors: an organisation's form (POST /orgs, PATCH /orgs/{orgId}: names in
// English and Hindi, type, parent, email domains) and a designation's (POST /designations, PATCH
// /designations/{designationId}). The server checks everything again (a domain owned by another organisation,
// gov.in/nic.in themselves, a parent inside the organisation, a duplicate designation name).

import { allPages, api, seg } from "../api";
import { page } from "../components";
import { h } from "../dom";
import { field, form, select, submitButton, submitting, textarea, values } from "../forms";
import { lang, t, tOr } from "../i18n";
import { link, navigate, type RouteContext } from "../router";
import { announce } from "../status";

export interface Org {
  id: string;
  name: string;
  nameHi?: string | null;
  type: string;
  parentId?: string | null;
  emailDomains: string[];
  version?: number | null;
}

export interface Designation {
  id: string;
  name: string;
  nameHi?: string | null;
  version?: number | null;
}

export const ORG_TYPES = ["ministry", "department", "state", "organisation"];
export const orgName = (org: Org): string => (lang() === "hi" && org.nameHi ? org.nameHi : org.name);
export const designationName = (d: Designation): string => (lang() === "hi" && d.nameHi ? d.nameHi : d.name);
export const typeName = (type: string): string => tOr(`directory.type.${type}`, type);

/** Domains typed one per line or separated by commas or spaces, lower-cased, without repeats. */
export function parseDomains(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((d) => d.trim().toLowerCase()).filter(Boolean))];
}

/** Create (no orgId) or edit an organisation. */
export async function orgEditorView(ctx: RouteContext): Promise<Node> {
  const id = ctx.params.orgId;
  const current = id ? await api.get<Org>(`/orgs/${seg(id)}`) : null;
  const everyOrg = await allPages<Org>("/orgs", {}, 1000).catch(() => [] as Org[]);
  const parents = everyOrg.filter((o) => o.id !== current?.id).sort((a, b) => orgName(a).localeCompare(orgName(b)));
  const title = current ? t("dir.editOrgTitle", { name: orgName(current) }) : t("dir.newOrgTitle");
  const editor = form(
    {
      class: "stack card",
      "aria-label": title,
      onSubmit: (event: Event) => {
        event.preventDefault();
        void submitting(editor, async () => {
          const v = values(editor);
          const body = {
            name: v.name,
            nameHi: v.nameHi || null,
            type: v.type,
            parentId: v.parentId || null,
            emailDomains: parseDomains(v.emailDomains ?? ""),
          };
          const saved = current
            ? await api.patch<Org>(`/orgs/${seg(current.id)}`, { ...body, version: current.version ?? 0 })
            : await api.post<Org>("/orgs", body);
          announce(t("dir.orgSaved", { name: saved.name }));
          navigate(`/directory/orgs/${seg(saved.id)}`);
        }, t("status.saving"));
      },
    },
    field({ label: t("dir.nameEn"), name: "name", required: true, minlength: 2, maxlength: 150, value: current?.name ?? "" }),
    field({ label: t("dir.nameHi"), name: "nameHi", lang: "hi", maxlength: 150, value: current?.nameHi ?? "", hint: t("dir.nameHiHint") }),
    select({
      label: t("directory.type"), name: "type", required: true, value: current?.type ?? "department",
      options: ORG_TYPES.map((v) => ({ value: v, label: typeName(v) })),
    }),
    select({
      label: t("directory.parent"), name: "parentId", placeholder: t("directory.noParent"), value: current?.parentId ?? "",
      options: parents.map((o) => ({ value: o.id, label: `${orgName(o)} (${typeName(o.type)})` })),
    }),
    textarea({
      label: t("directory.emailDomains"), name: "emailDomains", rows: 3, maxlength: 2600, autocomplete: "off",
      spellcheck: "false", value: (current?.emailDomains ?? []).join("\n"), hint: t("dir.domainsHint"),
    }),
    h("div", { class: "actions" },
      submitButton(current ? t("dir.save") : t("dir.createOrg")),
      link(current ? `/directory/orgs/${seg(current.id)}` : "/directory", null, t("dir.cancel"))),
  );
  return page(title, editor);
}

/** The "add a designation" form above the list; `onSaved` reloads the list. */
export function designationCreateForm(onSaved: () => void): HTMLElement {
  const creator = form(
    {
      class: "stack card directory-form",
      "aria-label": t("dir.newDesignation"),
      onSubmit: (event: Event) => {
        event.preventDefault();
        void submitting(creator, async () => {
          const v = values(creator);
          const saved = await api.post<Designation>("/designations", { name: v.name, nameHi: v.nameHi || null });
          announce(t("dir.designationSaved", { name: saved.name }));
          creator.reset();
          onSaved();
        }, t("status.saving"));
      },
    },
    h("h3", null, t("dir.newDesignation")),
    field({ label: t("dir.nameEn"), name: "name", required: true, minlength: 2, maxlength: 100 }),
    field({ label: t("dir.nameHi"), name: "nameHi", lang: "hi", maxlength: 100 }),
    h("div", { class: "actions" }, submitButton(t("dir.createDesignation"))),
  );
  return creator;
}

/** A designation in the list, with its edit form folded away under "Edit". */
export function designationRow(d: Designation, onSaved: () => void): HTMLElement {
  const editor = form(
    {
      class: "stack",
      "aria-label": t("dir.editDesignationTitle", { name: d.name }),
      onSubmit: (event: Event) => {
        event.preventDefault();
        void submitting(editor, async () => {
          const v = values(editor);
          const saved = await api.patch<Designation>(`/designations/${seg(d.id)}`, {
            name: v.name, nameHi: v.nameHi || null, version: d.version ?? 0,
          });
          announce(t("dir.designationSaved", { name: saved.name }));
          onSaved();
        }, t("status.saving"));
      },
    },
    field({ label: t("dir.nameEn"), name: "name", required: true, minlength: 2, maxlength: 100, value: d.name }),
    field({ label: t("dir.nameHi"), name: "nameHi", lang: "hi", maxlength: 100, value: d.nameHi ?? "" }),
    h("div", { class: "actions" }, submitButton(t("dir.save"))),
  );
  return h(
    "div",
    { class: "designation" },
    h("strong", null, designationName(d)), " ",
    lang() === "hi" || !d.nameHi ? null : h("span", { lang: "hi" }, `(${d.nameHi}) `),
    h("code", { class: "muted" }, d.id),
    h("details", { class: "inline-details" }, h("summary", null, t("dir.editDesignation", { name: d.name })), editor),
  );
}
