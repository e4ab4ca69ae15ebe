// The SPV administrator's career path editor (POST /career/paths, PATCH /career/paths/{pathId}): a title and
// ordered rungs (designations); each rung after the first lists the framework competencies, with levels, that
// stepping up to it takes. The ladder's steps are what learners see as role ladders and readiness.

import { allPages, api, seg } from "../api";
import { button, page } from "../components";
import { h } from "../dom";
import { field, form, select, submitButton, submitting } from "../forms";
import { t } from "../i18n";
import { link, navigate, type RouteContext } from "../router";
import { announce } from "../status";
import { designationName, type Designation } from "./directory-forms";

interface Requirement {
  competencyId: string;
  level: number;
  name?: string | null;
}

interface Rung {
  designationId: string;
  requiredCompetencies: Requirement[];
}

export interface CareerLadder {
  id: string;
  title: string;
  rungs: Rung[];
  version: number;
}

interface Competency {
  id: string;
  name: string;
}

const LEVELS = [1, 2, 3, 4, 5];

export async function careerPathEditorView(ctx: RouteContext): Promise<Node> {
  const id = ctx.params.pathId;
  const [current, designations, competencies] = await Promise.all([
    id ? api.get<CareerLadder>(`/career/paths/${seg(id)}`) : Promise.resolve(null),
    allPages<Designation>("/designations", {}, 1000),
    allPages<Competency>("/competencies", {}, 1000),
  ]);
  const designationOptions = designations
    .map((d) => ({ value: d.id, label: designationName(d) }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const competencyOptions = competencies.map((c) => ({ value: c.id, label: c.name })).sort((a, b) => a.label.localeCompare(b.label));
  const rungList = h("ol", { class: "rungs" });

  const requirementRow = (req?: Requirement): HTMLElement => {
    const row = h("div", { class: "requirement-row" },
      select({ label: t("dir.competency"), name: "competencyId", required: true, placeholder: t("dir.chooseCompetency"), value: req?.competencyId ?? "", options: competencyOptions }),
      select({ label: t("dir.level"), name: "level", required: true, value: String(req?.level ?? 3), options: LEVELS.map((l) => ({ value: String(l), label: String(l) })) }),
      button(t("dir.removeCompetency"), () => row.remove(), { class: "link-button" }));
    return row;
  };

  const renumber = (): void => {
    Array.from(rungList.children).forEach((item, i) => {
      const legend = item.querySelector("legend");
      if (legend) legend.textContent = i === 0 ? t("dir.firstRung") : t("dir.rungN", { n: i + 1 });
      item.querySelector<HTMLElement>(".requirements")!.hidden = i === 0;
    });
  };

  const rungItem = (rung?: Rung): HTMLElement => {
    const requirements = h("div", { class: "requirements" },
      h("p", { class: "hint" }, t("dir.requirementsHint")),
      (rung?.requiredCompetencies ?? []).map((r) => requirementRow(r)));
    const addRequirement = button(t("dir.addCompetency"), () => addRequirement.before(requirementRow()));
    requirements.append(addRequirement);
    const item = h("li", { class: "rung" },
      h("fieldset", null, h("legend", null, ""),
        select({ label: t("dir.designation"), name: "designationId", required: true, placeholder: t("dir.chooseDesignation"), value: rung?.designationId ?? "", options: designationOptions }),
        requirements,
        button(t("dir.removeRung"), () => { item.remove(); renumber(); }, { class: "link-button" })));
    return item;
  };

  for (const rung of current?.rungs ?? [{ designationId: "", requiredCompetencies: [] }, { designationId: "", requiredCompetencies: [] }]) {
    rungList.append(rungItem(rung));
  }
  renumber();

  const collect = (): Rung[] => Array.from(rungList.children).map((item, i) => ({
    designationId: item.querySelector<HTMLSelectElement>("select[name=designationId]")!.value,
    requiredCompetencies: i === 0 ? [] : Array.from(item.querySelectorAll(".requirement-row")).map((row) => ({
      competencyId: row.querySelector<HTMLSelectElement>("select[name=competencyId]")!.value,
      level: Number(row.querySelector<HTMLSelectElement>("select[name=level]")!.value),
    })),
  }));

  const title = current ? t("dir.editPathTitle", { title: current.title }) : t("dir.newPathTitle");
  const editor = form(
    {
      class: "stack card",
      "aria-label": title,
      onSubmit: (event: Event) => {
        event.preventDefault();
        void submitting(editor, async () => {
          const body = { title: editor.querySelector<HTMLInputElement>("input[name=title]")!.value.trim(), rungs: collect() };
          const saved = current
            ? await api.patch<CareerLadder>(`/career/paths/${seg(current.id)}`, { ...body, version: current.version })
            : await api.post<CareerLadder>("/career/paths", body);
          announce(t("dir.pathSaved", { title: saved.title }));
          navigate("/directory/career-paths");
        }, t("status.saving"));
      },
    },
    field({ label: t("dir.pathTitle"), name: "title", required: true, minlength: 3, maxlength: 200, value: current?.title ?? "" }),
    h("h2", null, t("dir.rungs")),
    h("p", { class: "hint" }, t("dir.rungsHint")),
    rungList,
    h("p", null, button(t("dir.addRung"), () => { rungList.append(rungItem()); renumber(); })),
    h("div", { class: "actions" }, submitButton(current ? t("dir.save") : t("dir.createPath")), link("/directory/career-paths", null, t("dir.cancel"))),
  );
  return page(title, editor);
}
