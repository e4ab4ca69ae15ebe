// Event organisers (MDO_ADMIN, SPV_ADMIN): create an event (published at once, or a draft), then on its own page
// edit or reschedule it (with the version it was read at), publish a draft, cancel it (after a confirmation)
// and go on to mark attendance.

import { api, newIdempotencyKey, seg, type Page } from "../api";
import { act, dl, errorBox, page, pagedList, pill, section, statusPill } from "../components";
import { h, replace, uid } from "../dom";
import { checkbox, field, form, submitButton, submitting, textarea, values } from "../forms";
import { formatDateTime, formatNumber, t } from "../i18n";
import { link, navigate, type RouteContext } from "../router";
import { currentUser, hasRole } from "../state";
import { statusLine } from "../status";

export interface OrganisedEvent {
  id: string;
  title: string;
  description: string;
  startTime: string;
  endTime: string;
  capacity: number;
  location?: string | null;
  joinUrl?: string | null;
  orgId: string;
  status: "DRAFT" | "PUBLISHED" | "CANCELLED";
  registeredCount: number;
  waitlistCount: number;
  seatsLeft: number;
  version: number;
}

const DRAFTS = "karmayogi.coord.drafts";

/** Drafts are not listed by the API (only published events are): the ones made on this device are remembered. */
function rememberDraft(id: string): void {
  const ids = new Set<string>(JSON.parse(localStorage.getItem(DRAFTS) ?? "[]") as string[]);
  ids.add(id);
  localStorage.setItem(DRAFTS, JSON.stringify([...ids].slice(-20)));
}

function rememberedDrafts(): string[] {
  try {
    return JSON.parse(localStorage.getItem(DRAFTS) ?? "[]") as string[];
  } catch {
    return [];
  }
}

function forgetDraft(id: string): void {
  localStorage.setItem(DRAFTS, JSON.stringify(rememberedDrafts().filter((d) => d !== id)));
}

/** <input type=datetime-local> holds IST wall time; the API takes and gives times with their offset. */
export function toIst(local: string): string {
  return local ? `${local.length === 16 ? `${local}:00` : local}+05:30` : local;
}

export function fromIst(iso: string): string {
  const shifted = new Date(new Date(iso).getTime() + 5.5 * 3600_000);
  return shifted.toISOString().slice(0, 16);
}

function whereFields(event?: OrganisedEvent): { fields: HTMLElement; online: () => boolean } {
  const modeName = uid("mode");
  const onlineId = uid("mode");
  const inPersonId = uid("mode");
  const startOnline = !event || Boolean(event.joinUrl);
  const joinField = field({ label: t("coord.joinUrl"), name: "joinUrl", type: "url", required: true, placeholder: "https://", value: event?.joinUrl ?? "" });
  const locationField = field({ label: t("coord.location"), name: "location", required: true, maxlength: 300, value: event?.location ?? "" });
  const setMode = (online: boolean) => {
    joinField.hidden = !online;
    locationField.hidden = online;
  };
  setMode(startOnline);
  const onlineRadio = h("input", { type: "radio", name: modeName, id: onlineId, value: "online", checked: startOnline, onChange: () => setMode(true) });
  const fields = h("div", { class: "stack" },
    h("fieldset", { class: "radios" },
      h("legend", null, t("coord.mode")),
      h("div", { class: "choice" }, onlineRadio, h("label", { for: onlineId }, t("coord.online"))),
      h("div", { class: "choice" }, h("input", { type: "radio", name: modeName, id: inPersonId, value: "inPerson", checked: !startOnline, onChange: () => setMode(false) }), h("label", { for: inPersonId }, t("coord.inPerson")))),
    joinField,
    locationField);
  return { fields, online: () => onlineRadio.checked };
}

function eventFields(event?: OrganisedEvent): { nodes: HTMLElement[]; online: () => boolean } {
  const where = whereFields(event);
  return {
    online: where.online,
    nodes: [
      field({ label: t("coord.eventTitle"), name: "title", required: true, maxlength: 200, value: event?.title ?? "" }),
      textarea({ label: t("coord.description"), name: "description", required: true, maxlength: 5000, value: event?.description ?? "" }),
      h("div", { class: "grid two" },
        field({ label: t("coord.startTime"), name: "startTime", type: "datetime-local", required: true, hint: t("coord.istHint"), value: event ? fromIst(event.startTime) : "" }),
        field({ label: t("coord.endTime"), name: "endTime", type: "datetime-local", required: true, hint: t("coord.istHint"), value: event ? fromIst(event.endTime) : "" })),
      field({ label: t("coord.capacity"), name: "capacity", type: "number", required: true, min: Math.max(1, event?.registeredCount ?? 1), max: 100000, value: String(event?.capacity ?? 100), inputmode: "numeric" }),
      where.fields,
    ],
  };
}

function organisedCard(e: OrganisedEvent): Node {
  return h("article", { class: "event-card" },
    h("h3", null, link(`/admin/events/${seg(e.id)}`, { "aria-label": `${t("coord.manage")}: ${e.title}` }, e.title)),
    h("p", { class: "muted" }, formatDateTime(e.startTime), " ", statusPill(e.status),
      " ", pill(t("coord.registeredOf", { n: formatNumber(e.registeredCount), capacity: formatNumber(e.capacity) }), "info")));
}

export function organiserEventsView(): Node {
  const me = currentUser();
  let key = newIdempotencyKey();
  const created = statusLine();
  const { nodes, online } = eventFields();
  const eventForm = form(
    {
      class: "stack",
      onSubmit: (event: Event) => {
        event.preventDefault();
        void submitting(eventForm, async () => {
          const v = values(eventForm);
          const body: Record<string, unknown> = {
            title: v.title, description: v.description, startTime: toIst(v.startTime), endTime: toIst(v.endTime),
            capacity: Number(v.capacity), ...(online() ? { joinUrl: v.joinUrl } : { location: v.location }),
          };
          const draft = (eventForm.elements.namedItem("draft") as HTMLInputElement).checked;
          if (draft) body.draft = true;
          const result = await api.post<OrganisedEvent>("/events", body, { idempotencyKey: key });
          key = newIdempotencyKey();
          if (result.status === "DRAFT") rememberDraft(result.id);
          navigate(`/admin/events/${seg(result.id)}?created=1`);
        }, t("status.saving"));
      },
    },
    ...nodes,
    checkbox({ label: t("coord.draft"), name: "draft", hint: t("coord.draftHint") }),
    created,
    h("div", { class: "actions" }, submitButton(t("coord.createEvent"))),
  );
  const drafts = h("ul", { class: "list", "aria-label": t("coord.drafts") });
  void Promise.all(rememberedDrafts().map((id) => api.get<OrganisedEvent>(`/events/${seg(id)}`).catch(() => null))).then((found) => {
    const stillDrafts = found.filter((e): e is OrganisedEvent => e?.status === "DRAFT");
    for (const id of rememberedDrafts()) if (!stillDrafts.some((e) => e.id === id)) forgetDraft(id);
    drafts.replaceChildren(...stillDrafts.map((e) => h("li", null, organisedCard(e))));
    if (!stillDrafts.length) drafts.replaceChildren(h("li", { class: "empty" }, t("coord.noDrafts")));
  });
  const published = pagedList<OrganisedEvent>(
    async (cursor) => {
      const result = await api.get<Page<OrganisedEvent>>("/events", { from: new Date(Date.now() - 7 * 86400_000).toISOString(), cursor });
      return { ...result, items: result.items.filter((e) => hasRole("SPV_ADMIN") || e.orgId === me?.orgId) };
    },
    organisedCard,
    { emptyText: t("coord.noEvents"), label: t("coord.orgEvents") },
  );
  return page(
    t("coord.eventsTitle"),
    section(t("coord.newEvent"), eventForm),
    section(t("coord.drafts"), drafts),
    section(t("coord.orgEvents"), published),
  );
}

export async function manageEventView(ctx: RouteContext): Promise<Node> {
  const eventId = ctx.params.eventId!;
  let event: OrganisedEvent;
  try {
    event = await api.get<OrganisedEvent>(`/events/${seg(eventId)}`);
  } catch (error) {
    return page(t("coord.eventsTitle"), errorBox(error));
  }
  const status = statusLine();
  if (ctx.query.get("created")) status.set(t(event.status === "DRAFT" ? "coord.draftCreated" : "coord.eventCreated", { title: event.title }), "ok");
  const facts = h("div");
  const actions = h("div", { class: "actions" });
  const editBox = h("div");
  const started = () => new Date(event.startTime).getTime() <= Date.now();

  const paint = () => {
    replace(facts, dl([
      [t("coord.status"), statusPill(event.status)],
      [t("coord.starts"), formatDateTime(event.startTime)],
      [t("coord.ends"), formatDateTime(event.endTime)],
      [t("coord.registered"), t("coord.registeredOf", { n: formatNumber(event.registeredCount), capacity: formatNumber(event.capacity) })],
      [t("coord.waitlisted"), formatNumber(event.waitlistCount)],
      [t("coord.where"), event.joinUrl ?? event.location ?? ""],
    ]));
    const buttons: Node[] = [];
    if (event.status === "DRAFT") {
      const publish = h("button", { type: "button", class: "primary" }, t("coord.publish"));
      publish.addEventListener("click", () => void act(publish, async () => {
        event = await api.post<OrganisedEvent>(`/events/${seg(eventId)}/publish`);
        forgetDraft(eventId);
        paint();
      }, { done: t("coord.published", { title: event.title }) }, status));
      buttons.push(publish);
    }
    if (event.status !== "CANCELLED" && !started()) {
      const confirmId = uid("confirm");
      const confirmBox = h("div", { id: confirmId, class: "coord-confirm", hidden: true, role: "group", "aria-label": t("coord.cancelEvent") },
        h("p", null, h("strong", null, t("coord.cancelConfirm", { n: formatNumber(event.registeredCount + event.waitlistCount) }))));
      const cancel = h("button", { type: "button", class: "danger", "aria-expanded": "false", "aria-controls": confirmId }, t("coord.cancelEvent"));
      cancel.addEventListener("click", () => {
        confirmBox.hidden = false;
        cancel.setAttribute("aria-expanded", "true");
        confirmBox.querySelector<HTMLButtonElement>("button")?.focus();
      });
      const yes = h("button", { type: "button", class: "danger" }, t("coord.cancelYes"));
      yes.addEventListener("click", () => void act(yes, async () => {
        event = await api.del<OrganisedEvent>(`/events/${seg(eventId)}`);
        forgetDraft(eventId);
        paint();
      }, { done: t("coord.cancelled", { title: event.title }) }, status));
      const no = h("button", { type: "button", class: "secondary" }, t("coord.cancelNo"));
      no.addEventListener("click", () => {
        confirmBox.hidden = true;
        cancel.setAttribute("aria-expanded", "false");
        cancel.focus();
      });
      confirmBox.append(h("div", { class: "actions" }, yes, no));
      buttons.push(cancel, confirmBox);
    }
    if (event.status === "PUBLISHED") {
      buttons.push(link(`/admin/events/${seg(eventId)}/attendance`, { class: "button", "aria-label": `${t("coord.markAttendance")}: ${event.title}` }, t("coord.markAttendance")));
    }
    buttons.push(link(`/events/${seg(eventId)}`, { class: "button secondary" }, t("coord.asLearnersSee")));
    replace(actions, ...buttons);
    replace(editBox, event.status === "CANCELLED" || started() ? h("p", { class: "hint" }, t("coord.noMoreChanges")) : editForm());
  };

  const editForm = (): HTMLElement => {
    const { nodes, online } = eventFields(event);
    const before = { startTime: fromIst(event.startTime), endTime: fromIst(event.endTime) };
    const f = form(
      {
        class: "stack",
        onSubmit: (e: Event) => {
          e.preventDefault();
          void submitting(f, async () => {
            const v = values(f);
            const body: Record<string, unknown> = { version: event.version };
            if (v.title !== event.title) body.title = v.title;
            if (v.description !== event.description) body.description = v.description;
            if (Number(v.capacity) !== event.capacity) body.capacity = Number(v.capacity);
            const moved = v.startTime !== before.startTime || v.endTime !== before.endTime;
            if (moved) {
              body.startTime = toIst(v.startTime);
              body.endTime = toIst(v.endTime);
            }
            if (online() && v.joinUrl !== (event.joinUrl ?? "")) Object.assign(body, { joinUrl: v.joinUrl, location: null });
            if (!online() && v.location !== (event.location ?? "")) Object.assign(body, { location: v.location, joinUrl: null });
            if (Object.keys(body).length === 1) {
              status.set(t("coord.nothingChanged"), "info");
              return;
            }
            event = await api.patch<OrganisedEvent>(`/events/${seg(eventId)}`, body);
            paint();
            status.set(t(moved ? "coord.rescheduled" : "coord.eventSaved", { title: event.title, when: formatDateTime(event.startTime) }), "ok");
          }, t("status.saving"));
        },
      },
      ...nodes,
      h("div", { class: "actions" }, submitButton(t("coord.saveEvent"))),
    );
    return f;
  };

  paint();
  return page(
    event.title,
    status,
    section(t("coord.eventFacts"), facts, actions),
    section(t("coord.editEvent"), editBox),
    h("p", null, link("/admin/events", null, t("coord.allOrganised"))),
  );
}
