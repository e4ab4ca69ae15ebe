// Designation → competency requirements of the org: each designation's required competencies and
// levels, edited one designation at a time (version-checked) or loaded from a CSV after a preview of
// what it changes (the upload's dry run). MDO leaders read them.

import { api, seg, type Page, type Schema } from "../api";
import { page, pagedList, section, regionTable } from "../components";
import { h, replace, uid } from "../dom";
import { formatNumber, t, tOr } from "../i18n";
import type { RouteContext } from "../router";
import { announce, announceError, statusLine } from "../status";
import { competencies, type Competency } from "./profile";
import { canManage, orgErrorText, orgOf } from "./org-common";

type Mapping = Schema<"DesignationRequirements">;
type UploadResult = Schema<"UploadResult">;

const LEVELS = [1, 2, 3, 4, 5];

function levelSelect(id: string, value: number, label: string): HTMLSelectElement {
  const el = h("select", { id, name: "level", "aria-label": label }, LEVELS.map((n) => h("option", { value: String(n) }, formatNumber(n))));
  el.value = String(value);
  return el;
}

function requirementsTable(mapping: Mapping, names: Map<string, string>): HTMLElement {
  if (!mapping.requirements.length) return h("p", { class: "muted" }, t("org.noRequirements"));
  const caption = t("org.requirementsOf", { designation: mapping.designation ?? mapping.designationId });
  return regionTable(caption,
    [h("th", { scope: "col" }, t("gaps.competency")), h("th", { scope: "col" }, t("gaps.required"))],
    mapping.requirements.map((r) =>
      h("tr", null, h("td", null, names.get(r.competencyId) ?? r.competencyId), h("td", null, formatNumber(r.level)))));
}

function mappingCard(org: string, initial: Mapping, all: Competency[]): HTMLElement {
  let mapping = initial;
  const names = new Map(all.map((c) => [c.id, c.name]));
  const card = h("article", { class: "org-mapping", "data-designation-id": mapping.designationId });
  const status = statusLine();
  const show = () => {
    const edit = canManage()
      ? h("button", { type: "button", class: "secondary", "aria-label": `${t("org.editRequirements")}: ${mapping.designation ?? mapping.designationId}`, onClick: () => editor() }, t("org.editRequirements"))
      : null;
    replace(card, h("h3", null, mapping.designation ?? mapping.designationId), requirementsTable(mapping, names), status, edit ? h("div", { class: "actions" }, edit) : null);
  };
  const editor = () => {
    const rows = h("ul", { class: "org-req-rows", "aria-label": t("org.requirementsOf", { designation: mapping.designation ?? mapping.designationId }) });
    const addRow = (competencyId = "", level = 1) => {
      const cId = uid("req-c");
      const lId = uid("req-l");
      const chooser = h("select", { id: cId, name: "competencyId" },
        h("option", { value: "" }, t("org.chooseCompetency")),
        all.map((c) => h("option", { value: c.id }, c.name)));
      chooser.value = competencyId;
      const row = h("li", { class: "org-req-row" },
        h("div", { class: "field" }, h("label", { for: cId }, t("gaps.competency")), chooser),
        h("div", { class: "field" }, h("label", { for: lId }, t("gaps.required")), levelSelect(lId, level, t("gaps.required"))),
        h("button", { type: "button", class: "link-button", onClick: () => row.remove() }, t("org.removeRow")));
      rows.append(row);
      return chooser;
    };
    for (const r of mapping.requirements) addRow(r.competencyId, r.level);
    const add = h("button", { type: "button", class: "secondary", onClick: () => addRow().focus() }, t("org.addCompetency"));
    const save = h("button", { type: "submit", class: "primary" }, t("org.saveRequirements"));
    const cancel = h("button", { type: "button", class: "secondary", onClick: () => show() }, t("org.cancel"));
    const editForm = h("form", {
      class: "stack",
      onSubmit: async (event: Event) => {
        event.preventDefault();
        const chosen = [...rows.querySelectorAll("li")].map((li) => ({
          competencyId: (li.querySelector("select[name=competencyId]") as HTMLSelectElement).value,
          level: Number((li.querySelector("select[name=level]") as HTMLSelectElement).value),
        })).filter((r) => r.competencyId);
        const ids = chosen.map((r) => r.competencyId);
        if (new Set(ids).size !== ids.length) {
          status.set(t("org.duplicateCompetency"), "error");
          return;
        }
        save.disabled = true;
        try {
          mapping = await api.put<Mapping>(`/orgs/${seg(org)}/designation-competencies/${seg(mapping.designationId)}`, { requirements: chosen, version: mapping.version });
          status.set(t("org.requirementsSaved", { designation: mapping.designation ?? mapping.designationId }), "ok");
          announce(t("org.requirementsSaved", { designation: mapping.designation ?? mapping.designationId }));
          show();
          card.querySelector("h3")?.setAttribute("tabindex", "-1");
          (card.querySelector("h3") as HTMLElement | null)?.focus();
        } catch (error) {
          status.set(orgErrorText(error), "error");
          announceError(orgErrorText(error));
          save.disabled = false;
        }
      },
    }, rows, h("div", { class: "actions" }, add), status, h("div", { class: "actions" }, save, cancel));
    replace(card, h("h3", null, mapping.designation ?? mapping.designationId), editForm);
    (rows.querySelector("select") as HTMLSelectElement | null)?.focus();
  };
  show();
  return card;
}

function csvSection(org: string, reload: () => void, names: Map<string, string>): HTMLElement {
  const uploadPath = `/orgs/${seg(org)}/designation-competencies/upload`;
  const fileInput = h("input", { type: "file", id: "org-csv-file", accept: ".csv,text/csv,text/plain", "aria-describedby": "org-csv-hint" });
  const text = h("textarea", { id: "org-csv-text", name: "csv", rows: 5, maxlength: 60000, spellcheck: "false", "aria-describedby": "org-csv-hint" });
  fileInput.addEventListener("change", async () => {
    const file = fileInput.files?.[0];
    if (file) text.value = await file.text();
  });
  const result = h("div", { class: "org-csv-result" });
  const status = statusLine();
  const send = async (dry: boolean, button: HTMLButtonElement) => {
    const csv = text.value;
    if (!csv.trim()) {
      status.set(t("org.csvEmpty"), "error");
      text.focus();
      return;
    }
    button.disabled = true;
    status.set(dry ? t("org.csvPreviewing") : t("status.saving"));
    try {
      const outcome = await api.post<UploadResult>(uploadPath, { csv }, { query: dry ? { dryRun: true } : undefined });
      const summary = dry
        ? t("org.csvPreviewSummary", { changes: formatNumber(outcome.changes?.length ?? 0), errors: formatNumber(outcome.errors.length) })
        : t("org.csvApplied", { loaded: formatNumber(outcome.loaded), errors: formatNumber(outcome.errors.length) });
      status.set(summary, outcome.errors.length ? "error" : "ok");
      announce(summary);
      showResult(outcome, dry);
      if (!dry) reload();
    } catch (error) {
      replace(result);
      status.set(orgErrorText(error), "error");
      announceError(orgErrorText(error));
    } finally {
      button.disabled = false;
    }
  };
  const showResult = (outcome: UploadResult, dry: boolean) => {
    const changes = outcome.changes ?? [];
    const caption = dry ? t("org.csvWouldChange") : t("org.csvChanged");
    const apply = h("button", { type: "button", class: "primary" }, t("org.csvApply"));
    apply.addEventListener("click", () => void send(false, apply));
    replace(
      result,
      h("h3", null, caption),
      changes.length
        ? regionTable(caption,
            [t("org.csvLine"), t("register.designation"), t("gaps.competency"), t("org.before"), t("org.after")].map((c) => h("th", { scope: "col" }, c)),
            changes.map((c) => h("tr", null,
              h("td", null, formatNumber(c.line)), h("td", null, c.designation ?? c.designationId),
              h("td", null, names.get(c.competencyId) ?? c.competencyId),
              h("td", null, c.before == null ? t("org.notRequired") : formatNumber(c.before)), h("td", null, formatNumber(c.after)))))
        : h("p", { class: "muted" }, t("org.csvNoChanges")),
      outcome.errors.length
        ? [h("h3", null, t("org.csvRowErrors")),
            h("ul", { class: "org-csv-errors" }, outcome.errors.map((e) =>
              h("li", null, t("org.csvLineError", { line: formatNumber(e.line), reason: tOr(`org.csv.${e.code}`, e.reason) }))))]
        : null,
      dry && changes.length ? h("div", { class: "actions" }, apply) : null,
    );
  };
  const preview = h("button", { type: "button", class: "secondary" }, t("org.csvPreview"));
  preview.addEventListener("click", () => void send(true, preview));
  return section(
    t("org.csvTitle"),
    h("p", { class: "hint", id: "org-csv-hint" }, t("org.csvHint")),
    h("div", { class: "field" }, h("label", { for: "org-csv-file" }, t("org.csvFile")), fileInput),
    h("div", { class: "field" }, h("label", { for: "org-csv-text" }, t("org.csvText")), text),
    h("div", { class: "actions" }, preview),
    status,
    result,
  );
}

export async function orgRequirementsView(ctx: RouteContext): Promise<Node> {
  const org = await orgOf(ctx);
  let all: Competency[] = [];
  try {
    all = await competencies();
  } catch {
    /* names fall back to ids */
  }
  const list = pagedList<Mapping>(
    (cursor) => api.get<Page<Mapping>>(`/orgs/${seg(org)}/designation-competencies`, { cursor }),
    (m) => mappingCard(org, m, all),
    { emptyText: t("org.noMappings"), label: t("org.requirements") },
  );
  return page(
    t("org.requirements"),
    h("p", { class: "lead" }, canManage() ? t("org.requirementsLead") : t("org.requirementsLeadReader")),
    canManage() ? csvSection(org, () => void list.reload(), new Map(all.map((c) => [c.id, c.name]))) : null,
    section(t("org.byDesignation"), list),
  );
}
