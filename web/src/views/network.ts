// Network: people search (name prefix), recommendations, connection requests and connections.

import { api, newIdempotencyKey, seg, type Page } from "../api";
import { act, page, pagedList, section, statusPill } from "../components";
import { h } from "../dom";
import { t } from "../i18n";
import { link, type RouteContext } from "../router";
import { currentUser } from "../state";

interface Person {
  userId: string;
  id?: string;
  name: string;
  designation?: string;
  designationName?: string;
  orgId?: string;
  orgName?: string;
  connectionStatus?: string | null;
}

interface Connection {
  connectionId?: string;
  id?: string;
  status: string;
  userId?: string;
  otherUserId?: string;
  name?: string;
  otherUserName?: string;
  person?: Person;
  requesterId?: string;
  recipientId?: string;
  createdAt?: string;
}

const personId = (p: Person): string => p.userId ?? p.id ?? "";
const connectionId = (c: Connection): string => c.connectionId ?? c.id ?? "";

function connectButton(person: Person): Node {
  if (personId(person) === currentUser()?.userId) return h("span", { class: "muted" }, t("network.you"));
  if (person.connectionStatus) return statusPill(person.connectionStatus);
  const button = h("button", { type: "button", class: "primary" }, t("network.connect"));
  button.setAttribute("aria-label", `${t("network.connect")}: ${person.name}`);
  const key = newIdempotencyKey();
  button.addEventListener("click", () => void act(button, async () => {
    await api.post("/connections", { userId: personId(person) }, { idempotencyKey: key });
    button.replaceWith(statusPill("PENDING"));
  }, { done: t("network.requestSent", { name: person.name }) }));
  return button;
}

function personCard(person: Person): Node {
  return h(
    "article",
    { class: "person-card" },
    h("h3", null, link(`/people/${seg(personId(person))}`, null, person.name)),
    h("p", { class: "muted" }, [person.designationName ?? person.designation, person.orgName ?? person.orgId].filter(Boolean).join(" · ")),
    connectButton(person),
  );
}

export function peopleView(ctx: RouteContext): Node {
  const input = h("input", { type: "search", id: "people-q", name: "q", value: ctx.query.get("q") ?? "", autocomplete: "off", minlength: 1 });
  const fetcher = (q: string) => (cursor: string | null) => api.get<Page<Person>>("/people", { q, cursor });
  const results = h("div");
  let list: ReturnType<typeof pagedList<Person>> | null = null;
  const search = h(
    "form",
    {
      role: "search",
      class: "search-bar",
      "aria-label": t("network.search"),
      onSubmit: (event: Event) => {
        event.preventDefault();
        const q = input.value.trim();
        if (!q) return;
        window.history.replaceState(null, "", `${window.location.pathname}?q=${encodeURIComponent(q)}`);
        if (list) void list.reload(fetcher(q));
        else {
          list = pagedList<Person>(fetcher(q), personCard, { emptyText: t("network.noPeople"), label: t("network.results") });
          results.replaceChildren(list);
        }
      },
    },
    h("label", { for: "people-q" }, t("network.search")),
    h("p", { class: "hint", id: "people-q-hint" }, t("network.searchHint")),
    h("div", { class: "inline" }, input, h("button", { type: "submit", class: "primary" }, t("action.search"))),
  );
  input.setAttribute("aria-describedby", "people-q-hint");
  if (input.value) {
    list = pagedList<Person>(fetcher(input.value), personCard, { emptyText: t("network.noPeople"), label: t("network.results") });
    results.append(list);
  }
  return page(
    t("network.title"),
    h("p", null, link("/connections", { class: "button" }, t("network.myConnections"))),
    search,
    results,
    section(
      t("network.recommended"),
      pagedList<Person>((cursor) => api.get<Page<Person>>("/people/recommended", { cursor }), personCard, {
        emptyText: t("network.noRecommendations"),
        label: t("network.recommended"),
      }),
    ),
  );
}

function connectionCard(c: Connection, kind: "received" | "pending" | "established"): Node {
  const name = c.otherUserName ?? c.name ?? c.person?.name ?? c.otherUserId ?? c.userId ?? "";
  const actions = h("div", { class: "actions" });
  const done = (text: string) => actions.replaceChildren(h("span", { role: "status" }, text));
  if (kind === "received") {
    const accept = h("button", { type: "button", class: "primary", "aria-label": `${t("network.accept")}: ${name}` }, t("network.accept"));
    const reject = h("button", { type: "button", class: "secondary", "aria-label": `${t("network.reject")}: ${name}` }, t("network.reject"));
    accept.addEventListener("click", () => void act(accept, async () => {
      await api.post(`/connections/${seg(connectionId(c))}/accept`);
      done(t("network.accepted"));
    }, { done: t("network.accepted") }));
    reject.addEventListener("click", () => void act(reject, async () => {
      await api.post(`/connections/${seg(connectionId(c))}/reject`);
      done(t("network.rejected"));
    }, { done: t("network.rejected") }));
    actions.append(accept, reject);
  } else {
    const remove = h("button", { type: "button", class: "secondary", "aria-label": `${kind === "pending" ? t("network.withdraw") : t("network.remove")}: ${name}` }, kind === "pending" ? t("network.withdraw") : t("network.remove"));
    remove.addEventListener("click", () => void act(remove, async () => {
      await api.del(`/connections/${seg(connectionId(c))}`);
      done(t("network.removed"));
    }, { done: t("network.removed") }));
    actions.append(remove);
  }
  const otherId = c.person?.userId ?? c.otherUserId ?? c.userId;
  return h("article", { class: "person-card" }, h("h3", null, otherId ? link(`/people/${seg(otherId)}`, null, name) : name), statusPill(c.status), actions);
}

export function connectionsView(): Node {
  const tab = (kind: "received" | "pending" | "established", title: string) =>
    section(
      title,
      pagedList<Connection>((cursor) => api.get<Page<Connection>>("/connections", { status: kind, cursor }), (c) => connectionCard(c, kind), {
        emptyText: t("network.noConnections"),
        label: title,
      }),
    );
  return page(
    t("network.connections"),
    h("p", null, link("/people", null, t("network.findPeople"))),
    tab("received", t("network.received")),
    tab("pending", t("network.pending")),
    tab("established", t("network.established")),
  );
}
