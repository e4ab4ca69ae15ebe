// Events: upcoming list, my registrations, an event with registration and its calendar file;
// notifications with the unread count.

import { api, newIdempotencyKey, seg, type Page } from "../api";
import { act, dl, page, pagedList, pill, section, statusPill } from "../components";
import { h, replace } from "../dom";
import { formatDateTime, formatNumber, t } from "../i18n";
import { link, type RouteContext } from "../router";
import { statusLine } from "../status";
import { notificationTarget } from "./notification-links";

export interface KEvent {
  id: string;
  title: string;
  description?: string;
  startTime: string;
  endTime?: string;
  capacity?: number;
  registeredCount?: number;
  location?: string | null;
  joinUrl?: string | null;
  organiserOrgId?: string;
  orgId?: string;
  organiserId?: string;
  myRegistration?: string | null;
  registrationStatus?: string | null;
  status?: string;
  draft?: boolean;
  registrations?: { userId: string; name?: string; status?: string }[];
}

/** GET /me/events items: {event, status, registeredAt} (a flat event with eventId is accepted too). */
export interface MyEvent extends Partial<KEvent> {
  event?: KEvent;
  eventId?: string;
  status?: string;
}

export function myEventAsEvent(m: MyEvent): KEvent {
  const event = m.event ?? (m as KEvent);
  return { ...event, id: event.id ?? m.eventId ?? "", registrationStatus: m.status ?? event.registrationStatus };
}

function eventCard(e: KEvent): Node {
  return h(
    "article",
    { class: "event-card" },
    h("h3", null, link(`/events/${seg(e.id)}`, null, e.title)),
    h("p", { class: "meta" }, h("time", { datetime: e.startTime }, formatDateTime(e.startTime)), " ", pill(e.joinUrl ? t("events.online") : t("events.inPerson"), "info"),
      e.registrationStatus ?? e.myRegistration ? [" ", statusPill(e.registrationStatus ?? e.myRegistration)] : null),
  );
}

export function eventsView(): Node {
  const from = new Date().toISOString();
  return page(
    t("events.title"),
    section(
      t("events.mine"),
      pagedList<MyEvent>((cursor) => api.get<Page<MyEvent>>("/me/events", { cursor }), (e) => eventCard(myEventAsEvent(e)), {
        emptyText: t("events.noneMine"),
        label: t("events.mine"),
      }),
    ),
    section(
      t("events.upcoming"),
      pagedList<KEvent>((cursor) => api.get<Page<KEvent>>("/events", { from, cursor }), eventCard, {
        emptyText: t("events.none"),
        label: t("events.upcoming"),
      }),
    ),
  );
}

/** Downloads a file that needs the bearer token: fetch it as a blob, then save it through an object URL. */
export async function downloadWithToken(path: string, filename: string): Promise<void> {
  const blob = await api.blob(path);
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function eventView(ctx: RouteContext): Promise<Node> {
  const id = ctx.params.eventId!;
  const event = await api.get<KEvent>(`/events/${seg(id)}`);
  const status = statusLine();
  let registration = event.registrationStatus ?? event.myRegistration ?? null;
  if (!registration) {
    try {
      const mine = await api.get<Page<MyEvent>>("/me/events", { limit: 100 });
      const found = mine.items.map(myEventAsEvent).find((m) => m.id === id);
      registration = found?.registrationStatus ?? null;
    } catch {
      /* shown as not registered */
    }
  }
  const box = h("div", { class: "actions" });
  const key = { value: newIdempotencyKey() };
  const paint = () => {
    const registered = registration === "REGISTERED" || registration === "WAITLISTED";
    if (registration === "CANCELLED") registration = null;
    const toggle = h("button", { type: "button", class: registered ? "secondary" : "primary" }, registered ? t("events.cancel") : t("events.register"));
    toggle.addEventListener("click", () => void act(toggle, async () => {
      if (registered) {
        await api.del(`/events/${seg(id)}/registrations`);
        registration = null;
        status.set(t("events.cancelled"), "ok");
      } else {
        const result = await api.post<{ status: string }>(`/events/${seg(id)}/registrations`, {}, { idempotencyKey: key.value });
        key.value = newIdempotencyKey();
        registration = result.status;
        status.set(result.status === "WAITLISTED" ? t("events.waitlisted") : t("events.registered"), "ok");
      }
      paint();
      box.querySelector("button")?.focus();
    }, {}, status));
    const calendar = h("button", { type: "button", class: "secondary" }, t("events.addToCalendar"));
    calendar.addEventListener("click", () => void act(calendar, async () => {
      await downloadWithToken(`/events/${seg(id)}/calendar.ics`, `${event.title.replace(/[^\p{L}\p{N}]+/gu, "-").slice(0, 60) || "event"}.ics`);
    }, { done: t("events.calendarDownloaded") }, status));
    replace(box, registration ? h("p", null, t("events.yourRegistration"), " ", statusPill(registration)) : null, toggle, calendar);
  };
  paint();
  return page(
    event.title,
    event.description ? h("p", { class: "lead" }, event.description) : null,
    dl([
      [t("events.starts"), h("time", { datetime: event.startTime }, formatDateTime(event.startTime))],
      [t("events.ends"), event.endTime ? h("time", { datetime: event.endTime }, formatDateTime(event.endTime)) : ""],
      [t("events.where"), event.joinUrl ? h("a", { href: event.joinUrl, rel: "noopener noreferrer", target: "_blank" }, t("events.joinOnline"), h("span", { class: "visually-hidden" }, ` (${t("common.newWindow")})`)) : (event.location ?? "")],
      [t("events.capacity"), event.capacity !== undefined ? formatNumber(event.capacity) : ""],
    ]),
    section(t("events.registration"), box, status),
    h("p", null, link("/events", null, t("events.all"))),
  );
}

// --------------------------------------------------------------------------------------- notifications

interface Notification {
  id: string;
  title?: string;
  subject?: string;
  body?: string;
  message?: string;
  read?: boolean;
  readAt?: string | null;
  createdAt?: string;
  link?: string;
}

const unreadListeners = new Set<(count: number) => void>();

export function onUnreadCount(listener: (count: number) => void): void {
  unreadListeners.add(listener);
}

export async function refreshUnreadCount(): Promise<void> {
  try {
    const result = await api.get<{ count?: number; unread?: number; unreadCount?: number }>("/me/notifications/unread-count");
    const count = result.count ?? result.unreadCount ?? result.unread ?? 0;
    for (const listener of unreadListeners) listener(count);
  } catch {
    /* the badge keeps its last value */
  }
}

/** Marks one notification read (the list item and the badge follow); a failure is shown by `act`'s caller. */
async function markRead(n: Notification, item: HTMLElement): Promise<void> {
  await api.post(`/me/notifications/${seg(n.id)}/read`);
  n.read = true;
  item.classList.remove("unread");
  item.querySelector(".mark-read")?.remove();
  item.querySelector("h3 .visually-hidden")?.remove();
  await refreshUnreadCount();
}

export function notificationsView(ctx: RouteContext): Node {
  const unreadOnly = ctx.query.get("unread") === "true";
  const toggle = h("input", { type: "checkbox", id: "notif-unread", checked: unreadOnly });
  const fetcher = () => (cursor: string | null) =>
    api.get<Page<Notification>>("/me/notifications", { unread: toggle.checked ? "true" : undefined, cursor });
  const render = (n: Notification): Node => {
    const read = n.read ?? !!n.readAt;
    const title = n.title ?? n.subject ?? "";
    const target = notificationTarget(n.link);
    const open = target ? link(target, { class: "notification-open", "aria-label": `${t("notifications.open")}: ${title}` }, t("notifications.open")) : null;
    const item = h(
      "article",
      { class: `notification${read ? "" : " unread"}` },
      h("h3", null, !read ? h("span", { class: "visually-hidden" }, `${t("notifications.unread")}: `) : null, title),
      h("p", null, n.body ?? n.message ?? ""),
      n.createdAt ? h("p", { class: "muted" }, formatDateTime(n.createdAt)) : null,
      open ? h("p", null, open) : null,
    );
    // Opening a notification marks it read (the request outlives the navigation; the next list shows it read).
    open?.addEventListener("click", () => {
      if (!n.read && !n.readAt) void markRead(n, item).catch(() => undefined);
    });
    if (!read) {
      const mark = h("button", { type: "button", class: "secondary mark-read", "aria-label": `${t("notifications.markRead")}: ${title}` }, t("notifications.markRead"));
      mark.addEventListener("click", () => void act(mark, () => markRead(n, item), { done: t("notifications.marked") }));
      item.append(mark);
    }
    return item;
  };
  const list = pagedList<Notification>(fetcher(), render, { emptyText: t("notifications.none"), label: t("notifications.title") });
  toggle.addEventListener("change", () => {
    window.history.replaceState(null, "", `${window.location.pathname}${toggle.checked ? "?unread=true" : ""}`);
    void list.reload(fetcher());
  });
  const status = statusLine();
  const markAll = h("button", { type: "button", class: "secondary" }, t("fx.markAllRead"));
  markAll.addEventListener("click", () => void act(markAll, async () => {
    // POST /me/notifications/read-all marks a bounded batch per call: call again while there are more.
    for (let round = 0; round < 20; round++) {
      const result = await api.post<{ marked: number; unread: number; more: boolean }>("/me/notifications/read-all");
      if (!result.more) break;
    }
    await refreshUnreadCount();
    await list.reload(fetcher());
  }, { done: t("fx.allMarked") }, status));
  return page(
    t("notifications.title"),
    h("div", { class: "notification-tools" }, h("div", { class: "field checkbox" }, toggle, h("label", { for: "notif-unread" }, t("notifications.unreadOnly"))), markAll),
    status,
    list,
  );
}
