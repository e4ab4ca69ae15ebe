// The learners' events page: Upcoming and Past (tabs), each with the events I registered for — with "Add to
// calendar" — and the other published events of that time.

import { api, seg, type Page } from "../api";
import { act, page, pagedList, pill, statusPill } from "../components";
import { h } from "../dom";
import { formatDateTime, t } from "../i18n";
import { link } from "../router";
import { statusLine } from "../status";
import { downloadWithToken, type KEvent, type MyEvent, myEventAsEvent } from "./events";

const PAST_DAYS = 90;

function calendarButton(e: KEvent): HTMLElement {
  const status = statusLine();
  const button = h("button", { type: "button", class: "secondary", "aria-label": `${t("coord.addToCalendar")}: ${e.title}` }, t("coord.addToCalendar"));
  button.addEventListener("click", () => void act(button, async () => {
    await downloadWithToken(`/events/${seg(e.id)}/calendar.ics`, `${e.title.replace(/[^\p{L}\p{N}]+/gu, "-").slice(0, 60) || "event"}.ics`);
  }, { done: t("coord.calendarSaved") }, status));
  return h("div", { class: "actions" }, button, status);
}

function card(e: KEvent, mine: boolean): Node {
  const registration = e.registrationStatus ?? null;
  return h("article", { class: "event-card", "data-event-id": e.id },
    h("h3", null, link(`/events/${seg(e.id)}`, null, e.title)),
    h("p", { class: "meta" },
      h("time", { datetime: e.startTime }, formatDateTime(e.startTime)), " ",
      pill(e.joinUrl ? t("coord.online") : t("coord.inPerson"), "info"),
      registration ? [" ", statusPill(registration)] : null,
      e.status === "CANCELLED" ? [" ", statusPill("CANCELLED")] : null),
    mine && e.status !== "CANCELLED" ? calendarButton(e) : null);
}

const ended = (e: KEvent) => new Date(e.endTime ?? e.startTime).getTime() < Date.now();

function panel(past: boolean): HTMLElement {
  const mineList = pagedList<MyEvent>(
    async (cursor) => {
      const result = await api.get<Page<MyEvent>>("/me/events", { cursor, limit: 50 });
      return { ...result, items: result.items.filter((m) => ended(myEventAsEvent(m)) === past) };
    },
    (m) => card(myEventAsEvent(m), true),
    { emptyText: past ? t("coord.noPastMine") : t("coord.noUpcomingMine"), label: past ? t("coord.pastMine") : t("coord.upcomingMine") },
  );
  const now = new Date();
  const range = past
    ? { from: new Date(now.getTime() - PAST_DAYS * 86400_000).toISOString(), to: now.toISOString() }
    : { from: now.toISOString() };
  const all = pagedList<KEvent>(
    async (cursor) => {
      const result = await api.get<Page<KEvent>>("/events", { ...range, cursor });
      return { ...result, items: past ? result.items.filter(ended) : result.items };
    },
    (e) => card(e, false),
    { emptyText: past ? t("coord.noPast") : t("coord.noUpcoming"), label: past ? t("coord.pastAll") : t("coord.upcomingAll") },
  );
  return h("div", { class: "stack" },
    h("section", { class: "card" }, h("h2", null, past ? t("coord.pastMine") : t("coord.upcomingMine")), mineList),
    h("section", { class: "card" }, h("h2", null, past ? t("coord.pastAll") : t("coord.upcomingAll")), all));
}

export function eventsTabsView(): Node {
  const tabs = [
    { id: "events-tab-upcoming", panel: "events-panel-upcoming", label: t("coord.upcoming"), past: false },
    { id: "events-tab-past", panel: "events-panel-past", label: t("coord.past"), past: true },
  ];
  const buttons = tabs.map((tab, i) => h("button", {
    type: "button", role: "tab", id: tab.id, "aria-controls": tab.panel, "aria-selected": String(i === 0), tabindex: i === 0 ? "0" : "-1", class: "coord-tab",
  }, tab.label));
  const panels = tabs.map((tab, i) => {
    const el = h("div", { role: "tabpanel", id: tab.panel, "aria-labelledby": tab.id, tabindex: "0", hidden: i !== 0 });
    if (i === 0) el.append(panel(tab.past));
    return el;
  });
  const choose = (index: number, focus: boolean) => {
    buttons.forEach((b, i) => {
      b.setAttribute("aria-selected", String(i === index));
      b.tabIndex = i === index ? 0 : -1;
      panels[i]!.hidden = i !== index;
    });
    if (!panels[index]!.childElementCount) panels[index]!.append(panel(tabs[index]!.past));
    if (focus) buttons[index]!.focus();
  };
  buttons.forEach((b, i) => {
    b.addEventListener("click", () => choose(i, false));
    b.addEventListener("keydown", (event) => {
      if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
        event.preventDefault();
        choose((i + (event.key === "ArrowRight" ? 1 : buttons.length - 1)) % buttons.length, true);
      }
    });
  });
  return page(
    t("coord.eventsPage"),
    h("div", { role: "tablist", class: "coord-tabs", "aria-label": t("coord.eventsPage") }, buttons),
    panels,
  );
}
