// Administration (MDO_ADMIN, PROGRAM_COORDINATOR): approve enrolments, create batches and events,
// mark attendance, the organisation's competency gaps.

import { api, newIdempotencyKey, seg, type Page } from "../api";
import { act, empty, errorBox, genericTable, page, pagedList, pill, section, statusPill } from "../components";
import { h, replace, uid } from "../dom";
import { checkbox, field, form, submitButton, submitting, textarea, values } from "../forms";
import { formatDate, formatDateTime, formatNumber, t } from "../i18n";
import { link, navigate, type RouteContext } from "../router";
import { currentUser, hasRole, loadMe } from "../state";
import { announce, statusLine } from "../status";
import type { KEvent } from "./events";
import { enrolmentId, type Batch, type Course, type Enrolment } from "./learning";
import { competencyNames, localName } from "./profile";

async function orgId(ctx?: RouteContext): Promise<string> {
  const me = currentUser() ?? (await loadMe());
  return (hasRole("SPV_ADMIN") && ctx?.query.get("orgId")) || me?.orgId || "";
}

export function adminHomeView(): Node {
  const card = (path: string, title: string, text: string) =>
    h("li", { class: "card" }, h("h2", { class: "h3" }, link(path, null, title)), h("p", null, text));
  return page(
    t("admin.title"),
    h("ul", { class: "grid cards" },
      card("/admin/enrolments", t("admin.approvals"), t("admin.approvalsLead")),
      card("/admin/designations", t("admin.designations"), t("admin.designationsLead")),
      card("/admin/batches", t("admin.batches"), t("admin.batchesLead")),
      card("/admin/events", t("admin.events"), t("admin.eventsLead")),
      card("/admin/competency-gaps", t("admin.gaps"), t("admin.gapsLead")),
    ),
  );
}

// ---------------------------------------------------------------------------------------------- approvals

export async function approvalsView(ctx: RouteContext): Promise<Node> {
  const org = await orgId(ctx);
  const render = (e: Enrolment): Node => {
    const who = e.learnerName ?? e.userName ?? e.userId ?? "";
    const what = e.courseTitle ?? e.courseId ?? "";
    const outcome = h("div", { class: "actions" });
    const approve = h("button", { type: "button", class: "primary", "aria-label": `${t("admin.approve")}: ${who}, ${what}` }, t("admin.approve"));
    approve.addEventListener("click", () => void act(approve, async () => {
      const result = await api.post<Enrolment>(`/enrolments/${seg(enrolmentId(e))}/approve`);
      // The workflow resumes after the decision: the status may still read PENDING_APPROVAL for a moment.
      replace(outcome, statusPill(!result?.status || result.status === "PENDING_APPROVAL" ? "APPROVED" : result.status));
    }, { done: t("admin.approved", { name: who }) }));
    const reasonId = uid("reason");
    const reason = h("input", { type: "text", id: reasonId, name: "reason", maxlength: 500 });
    const reject = h("button", { type: "button", class: "danger", "aria-label": `${t("admin.reject")}: ${who}, ${what}` }, t("admin.reject"));
    reject.addEventListener("click", () => void act(reject, async () => {
      const result = await api.post<Enrolment>(`/enrolments/${seg(enrolmentId(e))}/reject`, { reason: reason.value.trim() || undefined });
      replace(outcome, statusPill(!result?.status || result.status === "PENDING_APPROVAL" ? "REJECTED" : result.status));
    }, { done: t("admin.rejected", { name: who }) }));
    outcome.append(
      approve,
      h("details", { class: "inline-details" }, h("summary", null, t("admin.reject")),
        h("div", { class: "field" }, h("label", { for: reasonId }, t("admin.reason")), reason), reject),
    );
    return h(
      "article",
      { class: "approval-card", "data-enrolment-id": enrolmentId(e) },
      h("h3", null, who),
      h("p", null, what, e.batchName || e.batchId ? h("span", { class: "muted" }, ` · ${e.batchName ?? e.batchId}`) : null),
      e.requestedAt || e.createdAt ? h("p", { class: "muted" }, t("admin.requestedAt", { when: formatDateTime(e.requestedAt ?? e.createdAt) })) : null,
      outcome,
    );
  };
  return page(
    t("admin.approvals"),
    h("p", { class: "lead" }, t("admin.approvalsLead")),
    pagedList<Enrolment>(
      (cursor) => api.get<Page<Enrolment>>(`/orgs/${seg(org)}/enrolments`, { status: "PENDING_APPROVAL", cursor }),
      render,
      { emptyText: t("admin.noPending"), label: t("admin.approvals") },
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

// ------------------------------------------------------------------------------------------------ batches

export async function batchesView(ctx: RouteContext): Promise<Node> {
  const selected = ctx.query.get("courseId") ?? "";
  const courseSearch = h("input", { type: "search", id: "batch-course-q", autocomplete: "off" });
  const courseSelect = h("select", { id: "batch-course", name: "courseId" }, h("option", { value: "" }, t("admin.chooseCourse")));
  const courseStatus = h("p", { class: "hint", role: "status", "aria-live": "polite" });
  const detail = h("div");
  let generation = 0;
  let shownCourseId = ""; // the course whose batches and form are on screen (never re-rendered under the user)

  const loadCourses = async () => {
    const mine = ++generation;
    courseStatus.textContent = t("status.searching");
    try {
      const page1 = await api.get<Page<Course>>("/courses", { q: courseSearch.value.trim(), limit: 50 });
      if (mine !== generation) return;
      const previous = courseSelect.value || selected;
      courseSelect.replaceChildren(h("option", { value: "" }, t("admin.chooseCourse")), ...page1.items.map((c) => h("option", { value: c.id }, c.title)));
      if (page1.items.some((c) => c.id === previous)) courseSelect.value = previous;
      courseStatus.textContent = t("admin.coursesFound", { count: page1.items.length });
      if (courseSelect.value !== shownCourseId) void showCourse(courseSelect.value);
    } catch (error) {
      courseStatus.textContent = (error as Error).message;
    }
  };
  let timer = 0;
  courseSearch.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void loadCourses(), 250);
  });
  courseSelect.addEventListener("change", () => {
    window.history.replaceState(null, "", `${window.location.pathname}${courseSelect.value ? `?courseId=${encodeURIComponent(courseSelect.value)}` : ""}`);
    void showCourse(courseSelect.value);
  });

  const showCourse = async (courseId: string) => {
    shownCourseId = courseId;
    if (!courseId) {
      replace(detail);
      return;
    }
    const list = h("ul", { class: "list", "aria-label": t("admin.existingBatches") });
    const renderBatch = (b: Batch) =>
      h("li", null, h("strong", null, localName(b)), " ", h("span", { class: "muted" }, `${formatDate(b.startDate)} – ${formatDate(b.endDate)}`),
        b.seats !== undefined ? [" ", pill(t("course.seats", { seats: formatNumber(b.seats) }))] : null,
        b.requiresApproval ? [" ", pill(t("course.needsApproval"), "warn")] : null);
    try {
      const batches = await api.get<Page<Batch>>(`/courses/${seg(courseId)}/batches`);
      list.replaceChildren(...batches.items.map(renderBatch));
      if (!batches.items.length) list.replaceChildren(h("li", { class: "empty" }, t("course.noBatches")));
    } catch (error) {
      list.replaceChildren(h("li", null, errorBox(error)));
    }
    const key = newIdempotencyKey();
    const created = statusLine();
    const batchForm = form(
      {
        class: "stack",
        onSubmit: (event: Event) => {
          event.preventDefault();
          void submitting(batchForm, async () => {
            const v = values(batchForm);
            const batch = await api.post<Batch>(`/courses/${seg(courseId)}/batches`, {
              name: v.name,
              startDate: v.startDate,
              endDate: v.endDate,
              enrollmentEndDate: v.enrollmentEndDate,
              seats: Number(v.seats),
              requiresApproval: (batchForm.elements.namedItem("requiresApproval") as HTMLInputElement).checked,
            }, { idempotencyKey: key });
            list.querySelector(".empty")?.remove();
            list.prepend(renderBatch(batch));
            created.set(t("admin.batchCreated", { name: batch.name ?? v.name }), "ok");
            batchForm.reset();
          }, t("status.saving"));
        },
      },
      field({ label: t("admin.batchName"), name: "name", required: true, maxlength: 120 }),
      h("div", { class: "grid three" },
        field({ label: t("admin.startDate"), name: "startDate", type: "date", required: true }),
        field({ label: t("admin.endDate"), name: "endDate", type: "date", required: true }),
        field({ label: t("admin.enrollmentEndDate"), name: "enrollmentEndDate", type: "date", required: true }),
      ),
      field({ label: t("admin.seats"), name: "seats", type: "number", required: true, min: 1, max: 100000, value: "50", inputmode: "numeric" }),
      checkbox({ label: t("admin.requiresApproval"), name: "requiresApproval", hint: t("admin.requiresApprovalHint") }),
      created,
      h("div", { class: "actions" }, submitButton(t("admin.createBatch"))),
    );
    if (shownCourseId !== courseId) return; // another course was chosen meanwhile
    replace(detail, section(t("admin.existingBatches"), list), section(t("admin.newBatch"), batchForm));
  };

  void loadCourses();
  return page(
    t("admin.batches"),
    h("div", { class: "card stack" },
      h("div", { class: "field" }, h("label", { for: "batch-course-q" }, t("admin.searchCourse")), courseSearch, courseStatus),
      h("div", { class: "field" }, h("label", { for: "batch-course" }, t("admin.course")), courseSelect),
    ),
    detail,
  );
}

// ------------------------------------------------------------------------------------------------- events

/** <input type=datetime-local> gives local wall time; the platform's events are in IST. */
export function istIso(local: string): string {
  if (!local) return local;
  const withSeconds = local.length === 16 ? `${local}:00` : local;
  return `${withSeconds}+05:30`;
}

export function adminEventsView(): Node {
  const me = currentUser();
  const key = { value: newIdempotencyKey() };
  const created = statusLine();
  const modeName = "mode";
  const onlineId = uid("mode");
  const inPersonId = uid("mode");
  const joinField = field({ label: t("admin.joinUrl"), name: "joinUrl", type: "url", required: true, placeholder: "https://" });
  const locationField = field({ label: t("admin.location"), name: "location", required: true, maxlength: 300 });
  locationField.hidden = true;
  const setMode = (online: boolean) => {
    joinField.hidden = !online;
    locationField.hidden = online;
  };
  const eventForm = form(
    {
      class: "stack",
      onSubmit: (event: Event) => {
        event.preventDefault();
        void submitting(eventForm, async () => {
          const v = values(eventForm);
          const online = v[modeName] !== "inPerson";
          const body: Record<string, unknown> = {
            title: v.title,
            description: v.description,
            startTime: istIso(v.startTime),
            endTime: istIso(v.endTime),
            capacity: Number(v.capacity),
            ...(online ? { joinUrl: v.joinUrl } : { location: v.location }),
          };
          if ((eventForm.elements.namedItem("draft") as HTMLInputElement).checked) body.draft = true;
          const result = await api.post<KEvent>("/events", body, { idempotencyKey: key.value });
          key.value = newIdempotencyKey();
          created.set(t("admin.eventCreated", { title: result.title ?? v.title }), "ok");
          eventForm.reset();
          setMode(true);
          void mine.reload();
        }, t("status.saving"));
      },
    },
    field({ label: t("admin.eventTitle"), name: "title", required: true, maxlength: 200 }),
    textarea({ label: t("admin.description"), name: "description", required: true, maxlength: 5000 }),
    h("div", { class: "grid two" },
      field({ label: t("admin.startTime"), name: "startTime", type: "datetime-local", required: true, hint: t("admin.istHint") }),
      field({ label: t("admin.endTime"), name: "endTime", type: "datetime-local", required: true, hint: t("admin.istHint") }),
    ),
    field({ label: t("events.capacity"), name: "capacity", type: "number", required: true, min: 1, max: 100000, value: "100", inputmode: "numeric" }),
    h("fieldset", { class: "radios" },
      h("legend", null, t("admin.mode")),
      h("div", { class: "choice" }, h("input", { type: "radio", name: modeName, id: onlineId, value: "online", checked: true, onChange: () => setMode(true) }), h("label", { for: onlineId }, t("events.online"))),
      h("div", { class: "choice" }, h("input", { type: "radio", name: modeName, id: inPersonId, value: "inPerson", onChange: () => setMode(false) }), h("label", { for: inPersonId }, t("events.inPerson"))),
    ),
    joinField,
    locationField,
    checkbox({ label: t("admin.draft"), name: "draft", hint: t("admin.draftHint") }),
    created,
    h("div", { class: "actions" }, submitButton(t("admin.createEvent"))),
  );
  const mine = pagedList<KEvent>(
    async (cursor) => {
      const result = await api.get<Page<KEvent>>("/events", { from: new Date(Date.now() - 7 * 86400_000).toISOString(), cursor });
      // The organiser's org's events (SPV admins see all).
      return { ...result, items: result.items.filter((e) => hasRole("SPV_ADMIN") || !e.orgId || e.orgId === me?.orgId) };
    },
    (e) => h("article", { class: "event-card" },
      h("h3", null, link(`/events/${seg(e.id)}`, null, e.title)),
      h("p", { class: "muted" }, formatDateTime(e.startTime), e.draft || e.status === "DRAFT" ? [" ", pill(t("admin.draftPill"), "warn")] : null),
      link(`/admin/events/${seg(e.id)}/attendance`, { class: "button", "aria-label": `${t("admin.markAttendance")}: ${e.title}` }, t("admin.markAttendance"))),
    { emptyText: t("events.none"), label: t("admin.orgEvents") },
  );
  return page(t("admin.events"), section(t("admin.newEvent"), eventForm), section(t("admin.orgEvents"), mine));
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

// ------------------------------------------------------------------------------------------ org gaps

export async function orgGapsView(ctx: RouteContext): Promise<Node> {
  const org = await orgId(ctx);
  const names = await competencyNames();
  let result: Page<Record<string, unknown>> | Record<string, unknown>[] | { gaps?: Record<string, unknown>[] };
  try {
    result = await api.get(`/orgs/${seg(org)}/competency-gaps`);
  } catch (error) {
    return page(t("admin.gaps"), errorBox(error, () => navigate(ctx.path, { replace: true })));
  }
  const items = Array.isArray(result) ? result : ((result as Page<Record<string, unknown>>).items ?? (result as { gaps?: Record<string, unknown>[] }).gaps ?? []);
  const labels = {
    competency: t("gaps.competency"),
    requiredLevel: t("gaps.required"),
    officers: t("admin.officers"),
    meeting: t("admin.meeting"),
    lacking: t("admin.lacking"),
    designation: t("register.designation"),
  };
  const competencyName = (item: Record<string, unknown>) =>
    String(item.name ?? item.competencyName ?? names.get(String(item.competencyId ?? "")) ?? item.competencyId ?? "");
  // Designations with officers first (most lacking first); empty ones folded away.
  const lacking = (item: Record<string, unknown>) =>
    Array.isArray(item.competencies) ? (item.competencies as Record<string, unknown>[]).reduce((n, c) => n + Number(c.lacking ?? 0), 0) : 0;
  const staffed = items.filter((item) => Number(item.officers ?? 1) > 0).sort((a, b) => lacking(b) - lacking(a));
  const unstaffed = items.filter((item) => Number(item.officers ?? 1) === 0);
  const render = (item: Record<string, unknown>) => {
    const competenciesOf = item.competencies;
    if (!Array.isArray(competenciesOf)) return genericTable([{ ...item, competency: competencyName(item) }], t("admin.gaps"), ["competency"], labels);
    const title = `${String(item.designation ?? item.designationId ?? "")} — ${t("admin.officersCount", { n: formatNumber(Number(item.officers ?? 0)) })}`;
    return section(
      title,
      genericTable(
        (competenciesOf as Record<string, unknown>[]).map((c) => ({
          competency: competencyName(c),
          requiredLevel: c.requiredLevel,
          meeting: c.meeting,
          lacking: c.lacking,
        })),
        title,
        ["competency", "requiredLevel", "meeting", "lacking"],
        labels,
      ),
    );
  };
  return page(
    t("admin.gaps"),
    h("p", { class: "lead" }, t("admin.gapsLead")),
    items.length ? staffed.map(render) : empty(t("gaps.none")),
    unstaffed.length
      ? h("details", { class: "card" }, h("summary", null, t("admin.unstaffed", { n: formatNumber(unstaffed.length) })), unstaffed.map(render))
      : null,
  );
}
