// Administration (MDO_ADMIN, PROGRAM_COORDINATOR; MDO_LEADER reads the org's pages): the workspace's home,
// designation changes and attendance. The org's people, requirements, plans, gaps and leaderboard have their own
// views (org-*.ts, plans.ts), as do enrolment approvals (approvals.ts), batches (batches.ts) and events
// (event-admin.ts).

import { api, seg, type Page } from "../api";
import { act, errorBox, page, pagedList, section, statusPill } from "../components";
import { h, replace, uid } from "../dom";
import { form, submitButton, submitting } from "../forms";
import { formatDateTime, formatNumber, t } from "../i18n";
import { link, type RouteContext } from "../router";
import { currentUser, hasRole, loadMe } from "../state";
import { announce, statusLine } from "../status";
import type { KEvent } from "./events";

async function orgId(ctx?: RouteContext): Promise<string> {
  const me = currentUser() ?? (await loadMe());
  return (hasRole("SPV_ADMIN") && ctx?.query.get("orgId")) || me?.orgId || "";
}

export function adminHomeView(): Node {
  const card = (path: string, title: string, text: string) =>
    h("li", { class: "card" }, h("h2", { class: "h3" }, link(path, null, title)), h("p", null, text));
  const operations = hasRole("MDO_ADMIN", "PROGRAM_COORDINATOR", "SPV_ADMIN");
  const org = hasRole("MDO_ADMIN", "MDO_LEADER", "SPV_ADMIN");
  const manages = hasRole("MDO_ADMIN", "SPV_ADMIN");
  return page(
    t("admin.title"),
    h("ul", { class: "grid cards" },
      org ? card("/admin/people", t("org.people"), manages ? t("org.peopleLead") : t("org.peopleLeadReader")) : null,
      org ? card("/admin/members", t("onb.membersTitle"), t("onb.membersCard")) : null,
      org ? card("/admin/imports", t("onb.importsTitle"), t("onb.importsCard")) : null,
      org ? card("/admin/registration-links", t("onb.linksTitle"), t("onb.linksCard")) : null,
      org ? card("/admin/transfers", t("onb.transfersTitle"), t("onb.transfersCard")) : null,
      org ? card("/admin/requirements", t("org.requirements"), t("org.requirementsCard")) : null,
      org ? card("/admin/plans", t("org.plans"), t("org.plansCard")) : null,
      org ? card("/admin/competency-gaps", t("admin.gaps"), t("admin.gapsLead")) : null,
      org ? card("/admin/leaderboard", t("org.leaderboard"), t("org.leaderboardLead")) : null,
      org ? card("/admin/insights", t("ins.title"), t("ins.card")) : null,
      hasRole("SPV_ADMIN") ? card("/admin/insights/all", t("ins.allTitle"), t("ins.allCard")) : null,
      operations ? card("/admin/enrolments", t("admin.approvals"), t("admin.approvalsLead")) : null,
      manages ? card("/admin/designations", t("admin.designations"), t("admin.designationsLead")) : null,
      operations ? card("/admin/batches", t("admin.batches"), t("admin.batchesLead")) : null,
      manages ? card("/admin/events", t("admin.events"), t("admin.eventsLead")) : null,
    ),
  );
}

// ------------------------------------------------------------------------------------ designation changes

interface DesignationRequest {
  requestId: string;
  name: string;
  employeeId: string;
  currentDesignation: string;
  designation: string;
  status: string;
  requestedAt: string;
}

export async function designationRequestsView(ctx: RouteContext): Promise<Node> {
  const org = await orgId(ctx);
  const base = `/orgs/${seg(org)}/designation-requests`;
  const render = (r: DesignationRequest): Node => {
    const outcome = h("div", { class: "actions" });
    const approve = h("button", { type: "button", class: "primary", "aria-label": `${t("admin.approve")}: ${r.name}, ${r.designation}` }, t("admin.approve"));
    approve.addEventListener("click", () => void act(approve, async () => {
      const result = await api.post<DesignationRequest>(`${base}/${seg(r.requestId)}/approve`);
      replace(outcome, statusPill(result?.status ?? "APPROVED"));
    }, { done: t("admin.designationApproved", { name: r.name }) }));
    const reasonId = uid("reason");
    const reason = h("input", { type: "text", id: reasonId, name: "reason", maxlength: 500 });
    const reject = h("button", { type: "button", class: "danger", "aria-label": `${t("admin.reject")}: ${r.name}, ${r.designation}` }, t("admin.reject"));
    reject.addEventListener("click", () => void act(reject, async () => {
      const result = await api.post<DesignationRequest>(`${base}/${seg(r.requestId)}/reject`, { reason: reason.value.trim() || undefined });
      replace(outcome, statusPill(result?.status ?? "REJECTED"));
    }, { done: t("admin.designationRejected", { name: r.name }) }));
    outcome.append(
      approve,
      h("details", { class: "inline-details" }, h("summary", null, t("admin.reject")),
        h("div", { class: "field" }, h("label", { for: reasonId }, t("admin.reason")), reason), reject),
    );
    return h(
      "article",
      { class: "approval-card", "data-request-id": r.requestId },
      h("h3", null, r.name, h("span", { class: "muted" }, ` · ${r.employeeId}`)),
      h("p", null, t("admin.designationFromTo", { from: r.currentDesignation, to: r.designation })),
      h("p", { class: "muted" }, t("admin.requestedAt", { when: formatDateTime(r.requestedAt) })),
      outcome,
    );
  };
  return page(
    t("admin.designations"),
    h("p", { class: "lead" }, t("admin.designationsLead")),
    pagedList<DesignationRequest>(
      (cursor) => api.get<Page<DesignationRequest>>(base, { status: "pending", cursor }),
      render,
      { emptyText: t("admin.noDesignationRequests"), label: t("admin.designations") },
    ),
  );
}



interface Person {
  userId: string;
  name: string;
  designation?: string;
}

export async function attendanceView(ctx: RouteContext): Promise<Node> {
  const eventId = ctx.params.eventId!;
  const event = await api.get<KEvent>(`/events/${seg(eventId)}`);
  const people = new Map<string, string>();
  for (const r of event.registrations ?? []) people.set(r.userId, r.name ?? r.userId);
  const boxes = h("div", { class: "checklist" });
  const addPerson = (userId: string, name: string, checked = false) => {
    if (boxes.querySelector(`input[value="${CSS.escape(userId)}"]`)) return;
    const id = uid("att");
    boxes.append(h("div", { class: "choice" }, h("input", { type: "checkbox", name: "userIds", id, value: userId, checked }), h("label", { for: id }, name)));
  };
  for (const [userId, name] of people) addPerson(userId, name);

  const searchInput = h("input", { type: "search", id: "att-q", autocomplete: "off" });
  const results = h("ul", { class: "list", "aria-label": t("network.results") });
  const searchForm = h(
    "form",
    {
      role: "search",
      class: "search-bar",
      "aria-label": t("admin.findAttendee"),
      onSubmit: async (e: Event) => {
        e.preventDefault();
        const q = searchInput.value.trim();
        if (!q) return;
        try {
          const found = await api.get<Page<Person>>("/people", { q });
          results.replaceChildren(...found.items.map((p) => {
            const add = h("button", { type: "button", class: "secondary", "aria-label": `${t("admin.add")}: ${p.name}` }, t("admin.add"));
            add.addEventListener("click", () => {
              addPerson(p.userId, p.name, true);
              announce(t("admin.added", { name: p.name }));
            });
            return h("li", null, `${p.name} `, add);
          }));
          if (!found.items.length) results.replaceChildren(h("li", { class: "empty" }, t("network.noPeople")));
        } catch (error) {
          results.replaceChildren(h("li", null, errorBox(error)));
        }
      },
    },
    h("label", { for: "att-q" }, t("admin.findAttendee")),
    h("div", { class: "inline" }, searchInput, h("button", { type: "submit" }, t("action.search"))),
  );
  const status = statusLine();
  const attendanceForm = form(
    {
      class: "stack",
      onSubmit: (e: Event) => {
        e.preventDefault();
        void submitting(attendanceForm, async () => {
          const userIds = new FormData(attendanceForm).getAll("userIds").map(String);
          if (!userIds.length) {
            status.set(t("admin.noneSelected"), "error");
            return;
          }
          const result = await api.post<{ credited?: string[]; skipped?: { userId: string; reason: string }[] } | undefined>(
            `/events/${seg(eventId)}/attendance`,
            { userIds },
          );
          const credited = result?.credited?.length ?? userIds.length;
          const skipped = result?.skipped?.length ?? 0;
          status.set(t("admin.attendanceSaved", { n: formatNumber(credited), skipped: formatNumber(skipped) }), "ok");
        }, t("status.saving"));
      },
    },
    h("fieldset", null, h("legend", null, t("admin.attendees")), boxes, people.size ? null : h("p", { class: "hint" }, t("admin.noRegistrants"))),
    status,
    h("div", { class: "actions" }, submitButton(t("admin.saveAttendance"))),
  );
  return page(
    t("admin.attendanceFor", { title: event.title }),
    h("p", { class: "muted" }, formatDateTime(event.startTime)),
    section(t("admin.findAttendee"), searchForm, results),
    section(t("admin.attendees"), attendanceForm),
    h("p", null, link("/admin/events", null, t("admin.events"))),
  );
}
