// The org's people for its MDO admins (search, roles granted and removed, accounts suspended and
// restored, transferred to another org) and its MDO leader (reads them); links to the membership requests,
// bulk imports, registration links and transfers.

import { api, seg, type Page, type Schema } from "../api";
import { page, pagedList, pill, section } from "../components";
import { h, replace, uid } from "../dom";
import { t } from "../i18n";
import { link, type RouteContext } from "../router";
import { currentUser, hasRole } from "../state";
import { announce, announceError, statusLine } from "../status";
import { canManage, confirmButton, orgErrorText, orgOf, roleName } from "./org-common";
import { transferControl } from "./org-transfers";

type OrgUser = Schema<"OrgUser">;
type UserRoles = Schema<"UserRoles">;

const GRANTABLE_BY_MDO_ADMIN = ["CONTENT_CREATOR", "CONTENT_PUBLISHER", "PROGRAM_COORDINATOR", "COMMUNITY_MODERATOR"];
const ALL_ROLES = ["MDO_ADMIN", "MDO_LEADER", ...GRANTABLE_BY_MDO_ADMIN, "SPV_ADMIN"];

function grantable(): string[] {
  return hasRole("SPV_ADMIN") ? ALL_ROLES : GRANTABLE_BY_MDO_ADMIN;
}

function personCard(initial: OrgUser): HTMLElement {
  let user = initial;
  const card = h("article", { class: "org-person", "data-user-id": user.userId });
  const render = (message?: string, kind: "ok" | "error" = "ok") => {
    const me = currentUser();
    const manage = canManage() && user.userId !== me?.userId;
    const status = statusLine();
    if (message) status.set(message, kind);
    const slot = h("div", { class: "org-confirm-slot" });
    const roles = user.roles.filter((r) => r !== "PUBLIC");
    const roleItems = roles.map((role) => {
      const remove = manage && grantable().includes(role)
        ? confirmButton(t("org.removeRole"), {
            question: t("org.removeRoleQuestion", { role: roleName(role), name: user.name }),
            confirm: t("org.removeRoleYes"),
            done: t("org.roleRemoved", { role: roleName(role), name: user.name }),
            ariaLabel: `${t("org.removeRole")}: ${roleName(role)}, ${user.name}`,
            kind: "danger small",
          }, slot, async () => {
            await api.del(`/users/${seg(user.userId)}/roles/${seg(role)}`);
            user = { ...user, roles: user.roles.filter((r) => r !== role) };
            render(t("org.roleRemoved", { role: roleName(role), name: user.name }));
          })
        : null;
      return h("li", null, pill(roleName(role), "ok"), remove ? [" ", remove] : null);
    });
    let grantForm: HTMLElement | null = null;
    if (manage) {
      const selectId = uid("grant");
      const choices = grantable().filter((r) => !user.roles.includes(r));
      const chooser = h("select", { id: selectId, name: "role" }, choices.map((r) => h("option", { value: r }, roleName(r))));
      const grant = h("button", { type: "button", class: "secondary", "aria-label": `${t("org.grant")}: ${user.name}` }, t("org.grant"));
      grant.addEventListener("click", async () => {
        const role = chooser.value;
        grant.disabled = true;
        try {
          const result = await api.post<UserRoles>(`/users/${seg(user.userId)}/roles`, { role });
          user = { ...user, roles: result.roles };
          render(t("org.roleGranted", { role: roleName(role), name: user.name }));
          announce(t("org.roleGranted", { role: roleName(role), name: user.name }));
        } catch (error) {
          status.set(orgErrorText(error), "error");
          announceError(orgErrorText(error));
        } finally {
          grant.disabled = false;
        }
      });
      grantForm = choices.length
        ? h("div", { class: "field inline-field" }, h("label", { for: selectId }, t("org.grantRole")), h("div", { class: "inline" }, chooser, grant))
        : null;
    }
    const suspension = manage
      ? confirmButton(user.suspended ? t("org.restore") : t("org.suspend"), {
          question: t(user.suspended ? "org.restoreQuestion" : "org.suspendQuestion", { name: user.name }),
          confirm: user.suspended ? t("org.restoreYes") : t("org.suspendYes"),
          done: t(user.suspended ? "org.restored" : "org.suspended", { name: user.name }),
          ariaLabel: `${user.suspended ? t("org.restore") : t("org.suspend")}: ${user.name}`,
          kind: user.suspended ? "primary" : "danger",
        }, slot, async () => {
          const restoring = Boolean(user.suspended);
          await api.post(`/users/${seg(user.userId)}/${restoring ? "restore" : "suspend"}`);
          user = { ...user, suspended: !restoring };
          render(t(restoring ? "org.restored" : "org.suspended", { name: user.name }));
        })
      : null;
    replace(
      card,
      h("h3", null, user.name, " ", user.suspended ? pill(t("org.suspendedPill"), "bad") : null),
      h("p", { class: "muted" }, [user.designation, user.employeeId].filter(Boolean).join(" · ")),
      h("p", { class: "muted org-contact" }, user.email, " · ", user.mobile),
      h("div", null, h("span", { class: "visually-hidden" }, t("org.roles")),
        roles.length ? h("ul", { class: "org-roles", "aria-label": `${t("org.roles")}: ${user.name}` }, roleItems)
          : h("p", { class: "muted" }, t("org.noRoles"))),
      grantForm,
      suspension ? h("div", { class: "actions" }, suspension) : null,
      manage && me ? transferControl(user.userId, user.name, me.orgId) : null,
      slot,
      status,
    );
  };
  render();
  return card;
}

export async function orgPeopleView(ctx: RouteContext): Promise<Node> {
  const org = await orgOf(ctx);
  const usersPath = `/orgs/${seg(org)}/users`;
  const query = h("input", { type: "search", id: "org-people-q", name: "q", autocomplete: "off", maxlength: 100, value: ctx.query.get("q") ?? "" });
  const list = pagedList<OrgUser>(
    (cursor) => api.get<Page<OrgUser>>(usersPath, { q: query.value.trim() || undefined, cursor }),
    personCard,
    { emptyText: t("org.noPeople"), label: t("org.people") },
  );
  const search = h(
    "form",
    {
      role: "search",
      class: "search-bar",
      "aria-label": t("org.searchPeople"),
      onSubmit: (event: Event) => {
        event.preventDefault();
        const q = query.value.trim();
        window.history.replaceState(null, "", `${window.location.pathname}${q ? `?q=${encodeURIComponent(q)}` : ""}`);
        void list.reload();
      },
    },
    h("label", { for: "org-people-q" }, t("org.searchPeople")),
    h("p", { class: "hint", id: "org-people-q-hint" }, t("org.searchHint")),
    h("div", { class: "inline" }, query, h("button", { type: "submit" }, t("action.search"))),
  );
  query.setAttribute("aria-describedby", "org-people-q-hint");
  return page(
    t("org.people"),
    h("p", { class: "lead" }, canManage() ? t("org.peopleLead") : t("org.peopleLeadReader")),
    search,
    section(t("org.people"), list),
    section(
      t("org.pendingMembers"),
      h("p", null, t("onb.pendingHere")),
      h("div", { class: "actions" },
        link("/admin/members", { class: "button" }, t("onb.membersTitle")),
        link("/admin/imports", { class: "button" }, t("onb.importsTitle")),
        link("/admin/registration-links", { class: "button" }, t("onb.linksTitle")),
        link("/admin/transfers", { class: "button" }, t("onb.transfersTitle"))),
    ),
    canManage()
      ? section(
          t("admin.designations"),
          h("p", null, t("admin.designationsLead")),
          link("/admin/designations", { class: "button" }, t("org.openDesignationRequests")),
        )
      : null,
  );
}
