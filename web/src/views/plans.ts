// Competency building plans of the org: the list with completion figures, one plan with its courses,
// assignment and per-person progress; MDO admins create, edit, publish and retire them (leaders read).

import { allPages, api, ApiError, seg, type Page, type Schema } from "../api";
import { dl, errorBox, page, pagedList, pill, progressBar, section } from "../components";
import { h } from "../dom";
import { formatDate, formatNumber, t, tOr } from "../i18n";
import { link, navigate, refresh, type RouteContext } from "../router";
import { announce, announceError, statusLine } from "../status";
import { canManage, confirmButton, orgErrorText, orgOf } from "./org-common";
import { courseTitles, type Plan } from "./plan-form";

type Progress = Schema<"PlanAssigneeProgress">;

const KIND: Record<string, string> = { LIVE: "ok", DRAFT: "warn", RETIRED: "bad", COMPLETED: "ok", OVERDUE: "bad", UPCOMING: "warn" };

export function planPill(status: string): HTMLElement {
  return pill(tOr(`org.planStatus.${status}`, status), KIND[status] ?? "neutral");
}

function figures(plan: Plan): HTMLElement | null {
  const f = plan.figures;
  if (!f) return null;
  return h("div", { class: "org-figures" },
    progressBar(f.completionPercent, t("org.planCompletion", { name: plan.name })),
    h("p", { class: "muted" }, t("org.figures", { completed: formatNumber(f.completedUsers), started: formatNumber(f.startedUsers), assignees: formatNumber(f.assignees) })));
}

export async function plansView(ctx: RouteContext): Promise<Node> {
  const org = await orgOf(ctx);
  const render = (plan: Plan) => h("article", { class: "org-plan", "data-plan-id": plan.id },
    h("h3", null, link(`/admin/plans/${seg(plan.id)}`, null, plan.name), " ", planPill(plan.status)),
    h("p", { class: "muted" }, t("org.dueOn", { date: formatDate(plan.dueAt) }), " · ", t("org.courseCount", { n: formatNumber(plan.courseIds.length) })),
    figures(plan));
  return page(
    t("org.plans"),
    h("p", { class: "lead" }, canManage() ? t("org.plansLead") : t("org.plansLeadReader")),
    canManage() ? h("p", null, link("/admin/plans/new", { class: "button primary" }, t("org.newPlan"))) : null,
    pagedList<Plan>((cursor) => api.get<Page<Plan>>(`/orgs/${seg(org)}/plans`, { cursor }), render,
      { emptyText: t("org.noPlans"), label: t("org.plans") }),
  );
}

function progressRow(p: Progress): HTMLElement {
  return h("article", { class: "org-progress", "data-user-id": p.userId },
    h("h3", { class: "h4" }, p.name, " ", planPill(p.status)),
    h("p", { class: "muted" }, [p.designation, p.employeeId].filter(Boolean).join(" · ")),
    progressBar(p.progressPercent, t("org.personProgress", { name: p.name })),
    h("p", { class: "small" }, t("org.coursesDone", { done: formatNumber(p.completedCourses), total: formatNumber(p.totalCourses) })));
}

export async function planView(ctx: RouteContext): Promise<Node> {
  const org = await orgOf(ctx);
  const planId = ctx.params.planId!;
  const plansPath = `/orgs/${seg(org)}/plans`;
  let current: Plan;
  try {
    current = await api.get<Plan>(`${plansPath}/${seg(planId)}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      return page(t("page.notFound"), h("p", null, t("org.planNotFound")), link("/admin/plans", null, t("org.plans")));
    }
    return page(t("org.plans"), errorBox(error, () => void refresh()));
  }
  const names = await courseTitles(current.courseIds);
  const designations = new Map((await allPages<{ id: string; name: string }>("/designations", {}, 300).catch(() => [])).map((d) => [d.id, d.name]));
  const status = statusLine();
  const done = ctx.query.get("done");
  if (done === "saved") status.set(t("org.planSaved", { name: current.name }), "ok");
  if (done === "published") status.set(t("org.published", { name: current.name }), "ok");
  if (done === "retired") status.set(t("org.retired", { name: current.name }), "ok");
  const again = (what: string) => navigate(`/admin/plans/${encodeURIComponent(current.id)}?done=${what}`, { replace: true });
  const slot = h("div", { class: "org-confirm-slot" });
  const actions = h("div", { class: "actions" });
  if (canManage() && current.status !== "RETIRED") {
    actions.append(link(`/admin/plans/${seg(current.id)}/edit`, { class: "button secondary" }, t("org.edit")));
    const publish = h("button", { type: "button", class: "primary" }, current.status === "LIVE" ? t("org.republish") : t("org.publish"));
    publish.addEventListener("click", async () => {
      publish.disabled = true;
      try {
        await api.post<Plan>(`/orgs/${seg(org)}/plans/${seg(current.id)}/publish`, { version: current.version });
        announce(t("org.published", { name: current.name }));
        again("published");
      } catch (error) {
        status.set(orgErrorText(error), "error");
        announceError(orgErrorText(error));
        publish.disabled = false;
      }
    });
    actions.append(publish, confirmButton(t("org.retire"), {
      question: t("org.retireQuestion", { name: current.name }),
      confirm: t("org.retireYes"),
      done: t("org.retired", { name: current.name }),
    }, slot, async () => {
      await api.post<Plan>(`/orgs/${seg(org)}/plans/${seg(current.id)}/retire`, { version: current.version });
      again("retired");
    }));
  }
  const assignedPeople = current.assignTo.userIds;
  return page(
    current.name,
    h("p", null, planPill(current.status)),
    status,
    dl([
      [t("org.dueDate"), formatDate(current.dueAt)],
      [t("org.assignedDesignations"), current.assignTo.designations.map((d) => designations.get(d) ?? d).join(", ") || t("common.none")],
      [t("org.assignedPeople"), assignedPeople.length ? formatNumber(assignedPeople.length) : t("common.none")],
    ]),
    current.status === "LIVE" && current.live && current.live.publishedAt ? h("p", { class: "muted" }, t("org.publishedOn", { date: formatDate(current.live.publishedAt) })) : null,
    figures(current),
    actions.childElementCount ? actions : null,
    slot,
    section(t("org.planCourses"), h("ul", { class: "list" }, current.courseIds.map((id) => h("li", null, link(`/courses/${seg(id)}`, null, names.get(id) ?? id))))),
    section(t("org.progress"),
      h("p", { class: "hint" }, t("org.progressHint")),
      pagedList<Progress>((cursor) => api.get<Page<Progress>>(`/orgs/${seg(org)}/plans/${seg(current.id)}/progress`, { cursor }), progressRow,
        { emptyText: t("org.noAssignees"), label: t("org.progress") })),
    h("p", null, link("/admin/plans", null, t("org.allPlans"))),
  );
}
