// Running communities: creating one (moderators and administrators), inviting people to a private one (a
// people picker over GET /people), and a status line that sighted users see as well as screen readers.

import { api, newIdempotencyKey, seg, type Page } from "../api";
import { act, errorMessage, page } from "../components";
import { h } from "../dom";
import { field, form, select, submitButton, submitting, textarea, values } from "../forms";
import { t } from "../i18n";
import { link, navigate } from "../router";
import { announce, announceError } from "../status";

/** Who may create a community (functions/discussion/communities.py create_community); they also reach a
 * community's moderation pages when they moderate it (the community's isModerator decides). */
export const COMMUNITY_STEWARDS = ["COMMUNITY_MODERATOR", "MDO_ADMIN", "SPV_ADMIN"];

interface Person {
  userId: string;
  name: string;
  orgName?: string | null;
  orgId?: string;
  designation?: string | null;
}

/** A visible status line (role="status"): `set(text, kind)` shows and announces an outcome. */
export function statusLine(): HTMLElement & { set(text: string, kind?: "info" | "ok" | "error"): void } {
  const el = h("p", { class: "status-line", role: "status", hidden: true }) as unknown as HTMLElement & {
    set(text: string, kind?: "info" | "ok" | "error"): void;
  };
  el.set = (text, kind = "info") => {
    el.textContent = text;
    el.hidden = !text;
    el.dataset.kind = kind;
    if (kind === "error") announceError(text);
  };
  return el;
}

export const splitTags = (text: string): string[] =>
  text
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);

export function newCommunityView(): Node {
  const idempotencyKey = newIdempotencyKey();
  const create = form(
    {
      class: "stack card",
      "aria-label": t("community.newTitle"),
      onSubmit: (event: Event) => {
        event.preventDefault();
        void submitting(create, async () => {
          const v = values(create);
          const created = await api.post<{ id: string; name: string }>(
            "/communities",
            { name: v.name, description: v.description ?? "", visibility: v.visibility || "open", tags: splitTags(v.tags ?? "") },
            { idempotencyKey },
          );
          announce(t("community.created", { name: created.name }));
          navigate(`/communities/${seg(created.id)}`);
        }, t("status.saving"));
      },
    },
    field({ label: t("community.name"), name: "name", required: true, minlength: 3, maxlength: 100 }),
    textarea({ label: t("community.description"), name: "description", maxlength: 2000, rows: 3 }),
    select({
      label: t("community.visibility"),
      name: "visibility",
      hint: t("community.visibilityHint"),
      options: [
        { value: "open", label: t("community.visibility.open") },
        { value: "private", label: t("community.visibility.private") },
      ],
    }),
    field({ label: t("community.tags"), name: "tags", hint: t("community.tagsHint") }),
    h("div", { class: "actions" }, submitButton(t("community.create")), link("/communities", null, t("community.cancel"))),
  );
  return page(t("community.newTitle"), h("p", { class: "lead" }, t("community.newLead")), create);
}

/** A moderator's "Invite people" panel of a private community: search people by name, invite one. */
export function invitePanel(community: { id: string; name: string }): HTMLElement {
  const status = statusLine();
  const results = h("ul", { class: "list people-picker", "aria-label": t("community.inviteResults") });
  const person = (p: Person): HTMLElement => {
    const invite = h("button", { type: "button", class: "secondary" }, t("community.invite"));
    invite.setAttribute("aria-label", t("community.inviteName", { name: p.name }));
    invite.addEventListener("click", () => void act(invite, async () => {
      await api.post(`/communities/${seg(community.id)}/invitations`, { userId: p.userId });
      invite.textContent = t("community.invitedShort");
      invite.disabled = true;
    }, { done: t("community.invited", { name: p.name }) }, status).then((ok) => {
      if (ok) invite.disabled = true;
    }));
    return h(
      "li",
      { class: "person-row" },
      h("span", null, h("strong", null, p.name), p.designation || p.orgName ? h("span", { class: "muted" }, ` · ${[p.designation, p.orgName ?? p.orgId].filter(Boolean).join(", ")}`) : null),
      invite,
    );
  };
  const search = form(
    {
      class: "filters",
      role: "search",
      "aria-label": t("community.inviteSearch"),
      onSubmit: (event: Event) => {
        event.preventDefault();
        void submitting(search, async () => {
          status.set("");
          const found = await api.get<Page<Person>>("/people", { q: values(search).q, limit: 10 });
          results.replaceChildren(...found.items.map(person));
          status.set(found.items.length ? t("community.peopleFound", { n: found.items.length }) : t("community.noPeople"), "info");
        });
      },
    },
    field({ label: t("community.personName"), name: "q", type: "search", required: true, minlength: 2, maxlength: 100, autocomplete: "off" }),
    h("div", { class: "field align-end" }, submitButton(t("community.searchPeople"))),
  );
  return h("details", { class: "card invite-panel" }, h("summary", null, t("community.inviteTitle")), h("p", null, t("community.inviteLead")), search, status, results);
}

/** Shows `error` in a status line (for actions not run through act()). */
export function showStatusError(status: ReturnType<typeof statusLine>, error: unknown): void {
  status.set(errorMessage(error), "error");
}
