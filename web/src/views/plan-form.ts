// The form of a competency building plan (create and edit): name, due date, courses (searched in the
// catalogue), and the assignment by designation and by person (searched among the org's people).

import { allPages, api, ApiError, newIdempotencyKey, seg, type Page, type Schema } from "../api";
import { errorBox, page } from "../components";
import { h, uid } from "../dom";
import { field, form, showError, submitButton, submitting, values } from "../forms";
import { t } from "../i18n";
import { navigate, type RouteContext } from "../router";
import { orgOf } from "./org-common";

export type Plan = Schema<"Plan">;
type OrgUser = Schema<"OrgUser">;
interface CourseHit { id: string; title: string }
interface Designation { id: string; name: string }

const titles = new Map<string, string>();

/** Course titles by id (each course read once per page load). */
export async function courseTitles(ids: string[]): Promise<Map<string, string>> {
  await Promise.all(ids.filter((id) => !titles.has(id)).map(async (id) => {
    try {
      titles.set(id, (await api.get<CourseHit>(`/courses/${seg(id)}`)).title);
    } catch {
      titles.set(id, id);
    }
  }));
  return titles;
}

/** A checklist of chosen things (checked checkboxes named `name`) fed by a search. */
function picker<T>(options: {
  name: string; legend: string; searchLabel: string; search: (q: string) => Promise<T[]>;
  id: (item: T) => string; label: (item: T) => string; chosen: { id: string; label: string }[];
}): HTMLElement {
  const chosen = h("div", { class: "checklist" });
  const add = (id: string, label: string) => {
    if (chosen.querySelector(`input[value="${CSS.escape(id)}"]`)) return;
    const boxId = uid(options.name);
    chosen.append(h("div", { class: "choice" }, h("input", { type: "checkbox", name: options.name, id: boxId, value: id, checked: true }), h("label", { for: boxId }, label)));
  };
  for (const c of options.chosen) add(c.id, c.label);
  const qId = uid("q");
  const query = h("input", { type: "search", id: qId, autocomplete: "off", maxlength: 100 });
  const results = h("ul", { class: "list org-picker-results", "aria-label": t("network.results"), "aria-live": "polite" });
  const run = async () => {
    try {
      const found = await options.search(query.value.trim());
      results.replaceChildren(...found.slice(0, 10).map((item) => {
        const button = h("button", { type: "button", class: "secondary small", "aria-label": `${t("admin.add")}: ${options.label(item)}` }, t("admin.add"));
        button.addEventListener("click", () => {
          add(options.id(item), options.label(item));
          button.disabled = true;
        });
        return h("li", null, `${options.label(item)} `, button);
      }));
      if (!found.length) results.replaceChildren(h("li", { class: "empty" }, t("common.none")));
    } catch (error) {
      results.replaceChildren(h("li", null, errorBox(error)));
    }
  };
  const go = h("button", { type: "button", class: "secondary", onClick: () => void run() }, t("action.search"));
  query.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      void run();
    }
  });
  return h("fieldset", { class: "org-picker" }, h("legend", null, options.legend), chosen,
    h("div", { class: "field" }, h("label", { for: qId }, options.searchLabel), h("div", { class: "inline" }, query, go)), results);
}

export async function planFormView(ctx: RouteContext): Promise<Node> {
  const org = await orgOf(ctx);
  const planId = ctx.params.planId;
  const plansPath = `/orgs/${seg(org)}/plans`;
  let plan: Plan | undefined;
  let designations: Designation[] = [];
  try {
    designations = await allPages<Designation>("/designations", {}, 300);
    if (planId) plan = await api.get<Plan>(`${plansPath}/${seg(planId)}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return page(t("page.notFound"), h("p", null, t("org.planNotFound")));
    return page(t("org.plans"), errorBox(error));
  }
  const courseNames = await courseTitles(plan?.courseIds ?? []);
  // The names of the people the plan names (at most 50), each from their public profile.
  const personName = new Map<string, string>();
  await Promise.all((plan?.assignTo.userIds ?? []).map(async (id) => {
    try {
      personName.set(id, (await api.get<{ name: string }>(`/people/${seg(id)}`)).name);
    } catch {
      personName.set(id, id);
    }
  }));
  const key = newIdempotencyKey();
  const designationBoxes = h("fieldset", { class: "checklist org-designations" }, h("legend", null, t("org.assignDesignations")),
    designations.map((d) => {
      const id = uid("des");
      return h("div", { class: "choice" }, h("input", { type: "checkbox", name: "designations", id, value: d.id, checked: plan?.assignTo.designations.includes(d.id) ?? false }), h("label", { for: id }, d.name));
    }));
  const planForm = form(
    {
      class: "stack",
      onSubmit: (event: Event) => {
        event.preventDefault();
        void submitting(planForm, async () => {
          const v = values(planForm);
          const data = new FormData(planForm);
          const body = {
            name: v.name,
            dueDate: v.dueDate,
            courseIds: data.getAll("courseIds").map(String),
            assignTo: { designations: data.getAll("designations").map(String), userIds: data.getAll("userIds").map(String) },
          };
          if (!body.courseIds.length) {
            showError(planForm, new Error(t("org.planNeedsCourse")));
            return;
          }
          if (!body.assignTo.designations.length && !body.assignTo.userIds.length) {
            showError(planForm, new Error(t("org.planNeedsAssignees")));
            return;
          }
          const saved = plan
            ? await api.put<Plan>(`/orgs/${seg(org)}/plans/${seg(plan.id)}`, { ...body, version: plan.version })
            : await api.post<Plan>(plansPath, body, { idempotencyKey: key });
          navigate(`/admin/plans/${encodeURIComponent(saved.id)}?done=saved`);
        }, t("status.saving"));
      },
    },
    field({ label: t("org.planName"), name: "name", required: true, minlength: 2, maxlength: 200, value: plan?.name ?? "" }),
    field({ label: t("org.dueDate"), name: "dueDate", type: "date", required: true, value: plan?.dueDate.slice(0, 10) ?? "", hint: t("org.dueDateHint") }),
    picker<CourseHit>({
      name: "courseIds", legend: t("org.planCourses"), searchLabel: t("admin.searchCourse"),
      search: async (q) => (await api.get<Page<CourseHit>>("/courses", { q, limit: 20 })).items,
      id: (c) => c.id, label: (c) => c.title,
      chosen: (plan?.courseIds ?? []).map((id) => ({ id, label: courseNames.get(id) ?? id })),
    }),
    designationBoxes,
    picker<OrgUser>({
      name: "userIds", legend: t("org.assignPeople"), searchLabel: t("org.searchPeople"),
      search: async (q) => (await api.get<Page<OrgUser>>(`/orgs/${seg(org)}/users`, { q, limit: 20 })).items,
      id: (p) => p.userId, label: (p) => [p.name, p.designation].filter(Boolean).join(", "),
      chosen: (plan?.assignTo.userIds ?? []).map((id) => ({ id, label: personName.get(id) ?? id })),
    }),
    h("div", { class: "actions" }, submitButton(plan ? t("org.savePlan") : t("org.createPlan"))),
  );
  return page(plan ? t("org.editPlan", { name: plan.name }) : t("org.newPlan"),
    h("p", { class: "lead" }, plan?.status === "LIVE" ? t("org.editLiveHint") : t("org.newPlanLead")), planForm);
}
