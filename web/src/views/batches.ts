// Programme coordinators (and MDO admins): a course's batches — create one, change its name, seats and dates
// (with the version it was read at), and see who waits for a seat, in order.

import { api, newIdempotencyKey, seg, type Page } from "../api";
import { errorBox, page, pill, section } from "../components";
import { h, replace } from "../dom";
import { checkbox, field, form, submitButton, submitting, values } from "../forms";
import { formatDate, formatDateTime, formatNumber, t } from "../i18n";
import type { RouteContext } from "../router";
import { currentUser, hasRole } from "../state";
import { statusLine } from "../status";
import type { Course } from "./learning";

export interface ManagedBatch {
  id: string;
  courseId?: string;
  name: string;
  startDate: string;
  endDate: string;
  enrollmentEndDate: string;
  seats: number;
  seatsTaken: number;
  requiresApproval: boolean;
  version?: number;
  createdByOrgId?: string | null;
}

interface WaitlistPlace {
  position: number;
  enrolmentId: string;
  userId: string;
  learnerName?: string | null;
  orgId: string;
  waitlistedAt: string;
}

interface Waitlist {
  batchId: string;
  seats: number;
  seatsTaken: number;
  items: WaitlistPlace[];
  more: boolean;
}

const today = () => new Date(Date.now() + 5.5 * 3600_000).toISOString().slice(0, 10);

function waitlistBox(courseId: string, batch: ManagedBatch): HTMLElement {
  const box = h("div", { class: "coord-waitlist", "aria-live": "polite" });
  const show = h("button", { type: "button", class: "secondary", "aria-expanded": "false", "aria-label": `${t("coord.showWaitlist")}: ${batch.name}` }, t("coord.showWaitlist"));
  show.addEventListener("click", async () => {
    if (show.getAttribute("aria-expanded") === "true") {
      show.setAttribute("aria-expanded", "false");
      replace(box);
      return;
    }
    show.setAttribute("aria-expanded", "true");
    replace(box, h("p", { class: "loading" }, t("status.loading")));
    try {
      const list = await api.get<Waitlist>(`/courses/${seg(courseId)}/batches/${seg(batch.id)}/waitlist`, { limit: 100 });
      replace(
        box,
        h("h4", null, t("coord.waitlistTitle", { name: batch.name })),
        list.items.length
          ? h("ol", { class: "coord-waitlist-list" }, list.items.map((p) => h("li", { "data-enrolment-id": p.enrolmentId },
              h("strong", null, p.learnerName || p.userId), " ",
              h("span", { class: "muted" }, t("coord.waitingSince", { when: formatDateTime(p.waitlistedAt) })))))
          : h("p", { class: "empty" }, t("coord.waitlistEmpty")),
        list.more ? h("p", { class: "hint" }, t("coord.waitlistMore")) : null,
      );
    } catch (error) {
      replace(box, errorBox(error));
    }
  });
  return h("div", null, show, box);
}

function editForm(courseId: string, batch: ManagedBatch, onSaved: (b: ManagedBatch) => void): HTMLElement {
  const done = statusLine();
  const ended = batch.endDate < today();
  const started = batch.startDate <= today();
  const editForm = form(
    {
      class: "stack",
      onSubmit: (event: Event) => {
        event.preventDefault();
        void submitting(editForm, async () => {
          const v = values(editForm);
          const body: Record<string, unknown> = { version: batch.version ?? 1 };
          if (v.name !== batch.name) body.name = v.name;
          if (Number(v.seats) !== batch.seats) body.seats = Number(v.seats);
          for (const key of ["startDate", "endDate", "enrollmentEndDate"] as const) if (v[key] && v[key] !== batch[key]) body[key] = v[key];
          if (Object.keys(body).length === 1) {
            done.set(t("coord.nothingChanged"), "info");
            return;
          }
          const saved = await api.patch<ManagedBatch>(`/courses/${seg(courseId)}/batches/${seg(batch.id)}`, body);
          onSaved(saved);
        }, t("status.saving"));
      },
    },
    field({ label: t("coord.batchName"), name: "name", required: true, maxlength: 200, value: batch.name }),
    field({ label: t("coord.seats"), name: "seats", type: "number", required: true, min: Math.max(1, batch.seatsTaken), max: 100000, value: String(batch.seats), inputmode: "numeric",
      hint: t("coord.seatsHint", { taken: formatNumber(batch.seatsTaken) }) }),
    h("div", { class: "grid three" },
      field({ label: t("coord.startDate"), name: "startDate", type: "date", required: true, value: batch.startDate, disabled: started }),
      field({ label: t("coord.endDate"), name: "endDate", type: "date", required: true, value: batch.endDate }),
      field({ label: t("coord.enrollmentEndDate"), name: "enrollmentEndDate", type: "date", required: true, value: batch.enrollmentEndDate }),
    ),
    done,
    h("div", { class: "actions" }, submitButton(t("coord.saveBatch"), { "aria-label": `${t("coord.saveBatch")}: ${batch.name}` })),
  );
  if (ended) return h("p", { class: "hint" }, t("coord.batchEnded"));
  // The form is built when opened: closed, a page of batches holds no repeated "Start date" fields.
  const details = h("details", { class: "inline-details coord-edit" }, h("summary", { "aria-label": `${t("coord.editBatch")}: ${batch.name}` }, t("coord.editBatch")));
  details.addEventListener("toggle", () => {
    if (details.open && !details.contains(editForm)) details.append(editForm);
    else if (!details.open) editForm.remove();
  });
  return details;
}

/** The org that made a batch manages it (SPV admins manage all). */
function manages(batch: ManagedBatch): boolean {
  return hasRole("SPV_ADMIN") || !batch.createdByOrgId || batch.createdByOrgId === currentUser()?.orgId;
}

function batchCard(courseId: string, batch: ManagedBatch, announceSaved = false): HTMLElement {
  const card = h("article", { class: "coord-batch", "data-batch-id": batch.id });
  const own = manages(batch);
  const saved = statusLine();
  if (announceSaved) saved.set(t("coord.batchSaved", { name: batch.name }), "ok");
  replace(
    card,
    h("h3", null, batch.name),
    h("p", { class: "muted" }, `${formatDate(batch.startDate)} – ${formatDate(batch.endDate)} · ${t("coord.enrolBy", { date: formatDate(batch.enrollmentEndDate) })}`),
    h("p", null,
      pill(t("coord.seatsTaken", { taken: formatNumber(batch.seatsTaken), seats: formatNumber(batch.seats) }), batch.seatsTaken >= batch.seats ? "warn" : "info"),
      batch.requiresApproval ? [" ", pill(t("coord.needsApproval"), "warn")] : null),
    saved,
    own
      ? editForm(courseId, batch, (b) => {
          const next = batchCard(courseId, { ...batch, ...b }, true);
          card.replaceWith(next);
          next.querySelector<HTMLElement>(".status-line")?.focus();
        })
      : h("p", { class: "hint" }, t("coord.otherOrgBatch")),
    own ? waitlistBox(courseId, batch) : null,
  );
  return card;
}

export async function coordinatorBatchesView(ctx: RouteContext): Promise<Node> {
  const selected = ctx.query.get("courseId") ?? "";
  const courseSearch = h("input", { type: "search", id: "batch-course-q", autocomplete: "off" });
  const courseSelect = h("select", { id: "batch-course", name: "courseId" }, h("option", { value: "" }, t("coord.chooseCourse")));
  const courseStatus = h("p", { class: "hint", role: "status", "aria-live": "polite" });
  const detail = h("div");
  let generation = 0;
  let shownCourseId = "";

  const showCourse = async (courseId: string) => {
    shownCourseId = courseId;
    if (!courseId) {
      replace(detail);
      return;
    }
    const list = h("ul", { class: "list coord-batches", "aria-label": t("coord.existingBatches") });
    try {
      const batches = await api.get<Page<ManagedBatch>>(`/courses/${seg(courseId)}/batches`, { limit: 100 });
      list.replaceChildren(...batches.items.map((b) => h("li", null, batchCard(courseId, b))));
      if (!batches.items.length) list.replaceChildren(h("li", { class: "empty" }, t("coord.noBatches")));
    } catch (error) {
      list.replaceChildren(h("li", null, errorBox(error)));
    }
    let key = newIdempotencyKey();
    const created = statusLine();
    const batchForm = form(
      {
        class: "stack",
        onSubmit: (event: Event) => {
          event.preventDefault();
          void submitting(batchForm, async () => {
            const v = values(batchForm);
            const batch = await api.post<ManagedBatch>(`/courses/${seg(courseId)}/batches`, {
              name: v.name,
              startDate: v.startDate,
              endDate: v.endDate,
              enrollmentEndDate: v.enrollmentEndDate,
              seats: Number(v.seats),
              requiresApproval: (batchForm.elements.namedItem("requiresApproval") as HTMLInputElement).checked,
            }, { idempotencyKey: key });
            key = newIdempotencyKey();
            list.querySelector(".empty")?.remove();
            list.prepend(h("li", null, batchCard(courseId, batch)));
            created.set(t("coord.batchCreated", { name: batch.name }), "ok");
            batchForm.reset();
          }, t("status.saving"));
        },
      },
      field({ label: t("coord.batchName"), name: "name", required: true, maxlength: 200 }),
      h("div", { class: "grid three" },
        field({ label: t("coord.startDate"), name: "startDate", type: "date", required: true }),
        field({ label: t("coord.endDate"), name: "endDate", type: "date", required: true }),
        field({ label: t("coord.enrollmentEndDate"), name: "enrollmentEndDate", type: "date", required: true }),
      ),
      field({ label: t("coord.seats"), name: "seats", type: "number", required: true, min: 1, max: 100000, value: "50", inputmode: "numeric" }),
      checkbox({ label: t("coord.requiresApproval"), name: "requiresApproval", hint: t("coord.requiresApprovalHint") }),
      created,
      h("div", { class: "actions" }, submitButton(t("coord.createBatch"))),
    );
    if (shownCourseId !== courseId) return;
    replace(detail, section(t("coord.existingBatches"), list), section(t("coord.newBatch"), batchForm));
  };

  const loadCourses = async () => {
    const mine = ++generation;
    courseStatus.textContent = t("status.searching");
    try {
      const found = await api.get<Page<Course>>("/courses", { q: courseSearch.value.trim() || undefined, limit: 50 });
      if (mine !== generation) return;
      const previous = courseSelect.value || selected;
      courseSelect.replaceChildren(h("option", { value: "" }, t("coord.chooseCourse")), ...found.items.map((c) => h("option", { value: c.id }, c.title)));
      if (previous && !found.items.some((c) => c.id === previous)) {
        // A course asked for by its id (a link) stays choosable even when the search does not find it.
        courseSelect.append(h("option", { value: previous }, previous));
      }
      courseSelect.value = previous;
      courseStatus.textContent = t("coord.coursesFound", { count: formatNumber(found.items.length) });
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
  await loadCourses();
  return page(
    t("coord.batchesTitle"),
    h("p", { class: "lead" }, t("coord.batchesLead")),
    h("div", { class: "card stack" },
      h("div", { class: "field" }, h("label", { for: "batch-course-q" }, t("coord.searchCourse")), courseSearch, courseStatus),
      h("div", { class: "field" }, h("label", { for: "batch-course" }, t("coord.course")), courseSelect),
    ),
    detail,
  );
}
