// The app shell (skip link, banner with navigation and language switch, main, footer), the routes and
// the guard that sends signed-out users to login and new users to their competency profile first.

import "./styles.css";
import { api, loadConfig, session } from "./api";
import { failedPage, page } from "./components";
import { h, replace } from "./dom";
import { formatNumber, lang, onLangChange, setLang, t, type Lang, type MessageKey } from "./i18n";
import { currentPath, link, navigate, refresh, startRouter, type Route } from "./router";
import { currentUser, hasRole, loadMe, rememberLanguage, setMe, type Me } from "./state";
import { isOffline, listDownloads } from "./offline/downloads";
import { installLiveRegions } from "./status";
import { startPwa } from "./pwa";
import { adminHomeView, attendanceView, designationRequestsView } from "./views/admin";
import { approvalQueueView } from "./views/approvals";
import { coordinatorBatchesView } from "./views/batches";
import { myApplicationsView, openingView, orgOpeningsView } from "./views/career";
import { manageEventView, organiserEventsView } from "./views/event-admin";
import { eventsTabsView } from "./views/event-list";
import { orgGapsView, orgLeaderboardView } from "./views/org-insights";
import { allInsightsView, orgInsightsView } from "./views/insights";
import { orgPeopleView } from "./views/org-people";
import { orgMembersView } from "./views/org-members";
import { orgLinksView } from "./views/org-links";
import { orgTransfersView } from "./views/org-transfers";
import { orgImportsView } from "./views/org-imports";
import { orgRequirementsView } from "./views/org-requirements";
import { planFormView } from "./views/plan-form";
import { planView, plansView } from "./views/plans";
import { forgotView, loginView, logout, mfaSetupView, registerView } from "./views/auth";
import { communitiesView, communityView, moderationLogView, topicView } from "./views/discussion";
import { COMMUNITY_STEWARDS, newCommunityView } from "./views/community-admin";
import { reportQueueView } from "./views/reports";
import { careerPathsView, designationsView, DIRECTORY_ROLES, orgsView, orgView } from "./views/directory";
import { orgEditorView } from "./views/directory-forms";
import { careerPathEditorView } from "./views/directory-paths";
import { competenciesView, competencyEditorView, competencyPageView, FRAMEWORK_EDITORS } from "./views/framework";
import { eventView, notificationsView, onUnreadCount, refreshUnreadCount } from "./views/events";
import { enrolmentView } from "./views/notification-links";
import { careerView, competencyView } from "./views/growth";
import { homeView } from "./views/home";
import { authoringCourseView, courseEditorView, myCoursesView } from "./views/authoring";
import { previewView } from "./views/preview";
import { reviewCourseView, reviewQueueView } from "./views/review";
import { assessmentView, catalogueView, contentPlayerView, courseView, myLearningView } from "./views/learning";
import { certificatePageView, myCertificatesView } from "./views/certificates";
import { connectionsView, peopleView } from "./views/network";
import { competencyProfileView, meView } from "./views/profile";
import { offlineLibraryView, offlinePlayerView } from "./views/offline";
import { bookmarksView, leaderboardView, myPlansView } from "./views/learner-workspace";
import { personView } from "./views/person";
import { accountView } from "./views/account";
import { headerSearch, searchView } from "./views/search";

const ADMIN = ["MDO_ADMIN", "PROGRAM_COORDINATOR", "SPV_ADMIN"];
const AUTHORS = ["CONTENT_CREATOR", "SPV_ADMIN"];
const ORG = ["MDO_ADMIN", "MDO_LEADER", "SPV_ADMIN"]; // the org workspace: MDO leaders read it
const ORG_ADMIN = ["MDO_ADMIN", "SPV_ADMIN"];
const PUBLISHERS = ["CONTENT_PUBLISHER", "MDO_ADMIN", "SPV_ADMIN"];

const routes: Route[] = [
  { path: "/", view: homeView, title: "nav.home", auth: false, beforeProfile: true },
  { path: "/login", view: loginView, title: "login.title", auth: false, beforeProfile: true },
  { path: "/register", view: registerView, title: "register.title", auth: false, beforeProfile: true },
  { path: "/forgot-password", view: forgotView, title: "forgot.title", auth: false, beforeProfile: true },
  { path: "/mfa", view: mfaSetupView, title: "mfa.setupTitle", beforeProfile: true },
  { path: "/certificates/:certificateId", view: certificatePageView, title: "certificates.verifyTitle", auth: false, beforeProfile: true },
  { path: "/profile/competencies", view: competencyProfileView, title: "profile.competencyTitle", beforeProfile: true },
  { path: "/me", view: meView, title: "profile.title", beforeProfile: true },
  { path: "/courses", view: catalogueView, title: "catalogue.title" },
  { path: "/search", view: searchView, title: "search.title" },
  { path: "/courses/:courseId", view: courseView, title: "course.title" },
  { path: "/courses/:courseId/assessments/:contentId", view: assessmentView, title: "assessment.title" },
  { path: "/courses/:courseId/learn/:contentId", view: contentPlayerView, title: "player.title" },
  { path: "/learning", view: myLearningView, title: "learning.title" },
  { path: "/certificates", view: myCertificatesView, title: "certificates.title" },
  { path: "/communities", view: communitiesView, title: "discussion.title" },
  { path: "/communities/new", view: newCommunityView, title: "community.newTitle", roles: COMMUNITY_STEWARDS },
  { path: "/communities/:communityId", view: communityView, title: "discussion.community" },
  { path: "/communities/:communityId/moderation", view: moderationLogView, title: "moderation.logLink", roles: COMMUNITY_STEWARDS },
  { path: "/communities/:communityId/reports", view: reportQueueView, title: "reports.link", roles: COMMUNITY_STEWARDS },
  { path: "/directory", view: orgsView, title: "directory.title", roles: DIRECTORY_ROLES },
  { path: "/directory/orgs/:orgId", view: orgView, title: "directory.orgPage", roles: DIRECTORY_ROLES },
  { path: "/directory/designations", view: designationsView, title: "directory.designations", roles: DIRECTORY_ROLES },
  { path: "/directory/career-paths", view: careerPathsView, title: "directory.careerPaths", roles: DIRECTORY_ROLES },
  { path: "/directory/new-org", view: orgEditorView, title: "dir.newOrgTitle", roles: DIRECTORY_ROLES },
  { path: "/directory/orgs/:orgId/edit", view: orgEditorView, title: "dir.editOrg", roles: DIRECTORY_ROLES },
  { path: "/directory/career-paths/new", view: careerPathEditorView, title: "dir.newPathTitle", roles: DIRECTORY_ROLES },
  { path: "/directory/career-paths/:pathId/edit", view: careerPathEditorView, title: "dir.editPath", roles: DIRECTORY_ROLES },
  { path: "/competencies", view: competenciesView, title: "framework.title" },
  { path: "/competencies/new", view: competencyEditorView, title: "framework.newTitle", roles: FRAMEWORK_EDITORS },
  { path: "/competencies/:competencyId", view: competencyPageView, title: "framework.pageTitle" },
  { path: "/competencies/:competencyId/edit", view: competencyEditorView, title: "framework.editLink", roles: FRAMEWORK_EDITORS },
  { path: "/topics/:topicId", view: topicView, title: "discussion.topic" },
  { path: "/people", view: peopleView, title: "network.title" },
  { path: "/connections", view: connectionsView, title: "network.connections" },
  { path: "/people/:userId", view: personView, title: "lrn.personTitle" },
  { path: "/plans", view: myPlansView, title: "lrn.plansTitle" },
  { path: "/bookmarks", view: bookmarksView, title: "lrn.bookmarksTitle" },
  { path: "/leaderboard", view: leaderboardView, title: "lrn.leaderboardTitle" },
  { path: "/me/account", view: accountView, title: "lrn.accountTitle", beforeProfile: true },
  { path: "/competency", view: competencyView, title: "gaps.pageTitle" },
  { path: "/career", view: careerView, title: "career.title" },
  { path: "/career/applications", view: myApplicationsView, title: "coord.myApplications" },
  { path: "/career/openings/:openingId", view: openingView, title: "coord.openings" },
  { path: "/events", view: eventsTabsView, title: "coord.eventsPage" },
  { path: "/events/:eventId", view: eventView, title: "events.event" },
  { path: "/notifications", view: notificationsView, title: "notifications.title", beforeProfile: true },
  { path: "/enrolments/:enrolmentId", view: enrolmentView, title: "course.title" },
  { path: "/authoring", view: myCoursesView, title: "authoring.title", roles: AUTHORS },
  { path: "/authoring/new", view: courseEditorView, title: "authoring.newTitle", roles: AUTHORS },
  { path: "/authoring/:courseId", view: authoringCourseView, title: "authoring.title", roles: AUTHORS },
  { path: "/authoring/:courseId/edit", view: courseEditorView, title: "authoring.editTitle", roles: AUTHORS },
  { path: "/authoring/:courseId/preview/:contentId", view: previewView, title: "authx.previewTitle", roles: [...AUTHORS, ...PUBLISHERS] },
  { path: "/review", view: reviewQueueView, title: "pubq.title", roles: PUBLISHERS },
  { path: "/review/:courseId", view: reviewCourseView, title: "pubq.title", roles: PUBLISHERS },
  { path: "/admin", view: adminHomeView, title: "admin.title", roles: [...ADMIN, "MDO_LEADER"] },
  { path: "/admin/enrolments", view: approvalQueueView, title: "coord.queueTitle", roles: ADMIN },
  { path: "/admin/designations", view: designationRequestsView, title: "admin.designations", roles: ["MDO_ADMIN", "SPV_ADMIN"] },
  { path: "/admin/batches", view: coordinatorBatchesView, title: "coord.batchesTitle", roles: ADMIN },
  { path: "/admin/events", view: organiserEventsView, title: "coord.eventsTitle", roles: ["MDO_ADMIN", "SPV_ADMIN"] },
  { path: "/admin/events/:eventId", view: manageEventView, title: "coord.eventsTitle", roles: ["MDO_ADMIN", "SPV_ADMIN"] },
  { path: "/admin/openings", view: orgOpeningsView, title: "coord.orgOpenings", roles: ["MDO_ADMIN", "SPV_ADMIN"] },
  { path: "/admin/events/:eventId/attendance", view: attendanceView, title: "admin.attendance", roles: ["MDO_ADMIN", "SPV_ADMIN"] },
  { path: "/admin/competency-gaps", view: orgGapsView, title: "admin.gaps", roles: ["MDO_ADMIN", "MDO_LEADER", "SPV_ADMIN"] },
  { path: "/admin/people", view: orgPeopleView, title: "org.people", roles: ORG },
  { path: "/admin/members", view: orgMembersView, title: "onb.membersTitle", roles: ORG },
  { path: "/admin/registration-links", view: orgLinksView, title: "onb.linksTitle", roles: ORG },
  { path: "/admin/transfers", view: orgTransfersView, title: "onb.transfersTitle", roles: ORG },
  { path: "/admin/imports", view: orgImportsView, title: "onb.importsTitle", roles: ORG },
  { path: "/admin/requirements", view: orgRequirementsView, title: "org.requirements", roles: ORG },
  { path: "/admin/plans", view: plansView, title: "org.plans", roles: ORG },
  { path: "/admin/plans/new", view: planFormView, title: "org.newPlan", roles: ORG_ADMIN },
  { path: "/admin/plans/:planId", view: planView, title: "org.plans", roles: ORG },
  { path: "/admin/plans/:planId/edit", view: planFormView, title: "org.plans", roles: ORG_ADMIN },
  { path: "/admin/leaderboard", view: orgLeaderboardView, title: "org.leaderboard", roles: ORG },
  { path: "/admin/insights", view: orgInsightsView, title: "ins.title", roles: ["MDO_ADMIN", "MDO_LEADER", "SPV_ADMIN"] },
  { path: "/admin/insights/all", view: allInsightsView, title: "ins.allTitle", roles: ["SPV_ADMIN"] },
  { path: "/offline", view: offlineLibraryView, title: "offline.libraryTitle", auth: false, beforeProfile: true },
  { path: "/offline/:courseId/:contentId", view: offlinePlayerView, title: "offline.libraryTitle", auth: false, beforeProfile: true },
  { path: "/forbidden", view: () => page(t("page.forbidden"), h("p", null, t("page.forbiddenText")), link("/", null, t("nav.home"))), title: "page.forbidden", auth: false, beforeProfile: true },
];

const NAV: { path: string; label: MessageKey; roles?: string[] }[] = [
  { path: "/", label: "nav.home" },
  { path: "/courses", label: "nav.catalogue" },
  { path: "/learning", label: "nav.learning" },
  { path: "/competency", label: "nav.competency" },
  { path: "/career", label: "nav.career" },
  { path: "/communities", label: "nav.discussion" },
  { path: "/people", label: "nav.network" },
  { path: "/events", label: "nav.events" },
  { path: "/certificates", label: "nav.certificates" },
  { path: "/authoring", label: "nav.authoring", roles: AUTHORS },
  { path: "/review", label: "pubq.nav", roles: PUBLISHERS },
  { path: "/admin", label: "nav.admin", roles: [...ADMIN, "MDO_LEADER"] },
  { path: "/directory", label: "directory.nav", roles: DIRECTORY_ROLES },
];

const header = h("header", { class: "site-header" });
const main = h("main", { id: "main", tabindex: "-1" });
const footer = h("footer", { class: "site-footer" });
let unread = 0;
let explicitLogout = false;
let menuOpen = false; // the phone-width menu; kept across header re-renders, closed on navigation
// The session check at start failed for want of a network (until the connection returns).
let sessionUnreachable = false;

/** Whether the page should give way to the offline library: no network and something downloaded on this
 * device, and either no session (a new tab or the home-screen icon: the tokens went with the tab) on a page that
 * needs one or the home page, or a session on the home page (its other pages show the downloads themselves). */
async function offlineLibraryInstead(path: string, needsAuth: boolean): Promise<boolean> {
  if (navigator.onLine && !sessionUnreachable) return false;
  if (path !== "/" && (session.loggedIn || !needsAuth)) return false;
  return (await listDownloads()).length > 0;
}

function isCurrent(path: string): boolean {
  const current = currentPath();
  return path === "/" ? current === "/" : current === path || current.startsWith(`${path}/`);
}

function langSwitch(): HTMLElement {
  const choice = (code: Lang, label: string) =>
    h("button", {
      type: "button",
      class: "lang-button",
      lang: code,
      "aria-pressed": String(lang() === code),
      onClick: () => setLang(code),
    }, label);
  return h("div", { class: "lang-switch", role: "group", "aria-label": t("nav.language") }, choice("en", "English"), choice("hi", "हिन्दी"));
}

function bellIcon(): SVGSVGElement {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", "22");
  svg.setAttribute("height", "22");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("fill", "currentColor");
  path.setAttribute("d", "M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z");
  svg.append(path);
  return svg;
}

function notificationLinkContent(): Node[] {
  const content: Node[] = [bellIcon(), h("span", { class: "notif-text" }, ` ${t("nav.notifications")}`)];
  if (unread) {
    content.push(h("span", { class: "badge", id: "unread-badge" }, formatNumber(unread), h("span", { class: "visually-hidden" }, ` ${t("nav.unread")}`)));
  }
  return content;
}

function renderHeader(): void {
  const signedIn = session.loggedIn;
  const me = currentUser();
  const doLogout = () => {
    explicitLogout = true;
    void logout().finally(() => {
      explicitLogout = false;
    });
  };
  const toggle = h("button", { type: "button", class: "menu-toggle", "aria-expanded": String(menuOpen), "aria-controls": "site-nav" }, h("span", { "aria-hidden": "true" }, "☰ "), t("nav.menu"));
  const nav = h(
    "nav",
    { id: "site-nav", class: menuOpen ? "site-nav open" : "site-nav", "aria-label": t("nav.main") },
    h("ul", null,
      signedIn
        ? [
            NAV.filter((item) => !item.roles || hasRole(...item.roles)).map((item) =>
              h("li", null, link(item.path, { "aria-current": isCurrent(item.path) ? "page" : undefined }, t(item.label)))),
            // At phone width the profile and logout move from the banner into the menu.
            h("li", { class: "mobile-only nav-divider" }, link("/me", { "aria-current": isCurrent("/me") ? "page" : undefined }, me?.name ?? t("nav.profile"))),
            h("li", { class: "mobile-only" }, h("button", { type: "button", class: "nav-button", onClick: doLogout }, t("nav.logout"))),
          ]
        : [
            h("li", null, link("/", { "aria-current": isCurrent("/") ? "page" : undefined }, t("nav.home"))),
            h("li", null, link("/login", { "aria-current": isCurrent("/login") ? "page" : undefined }, t("nav.login"))),
            h("li", null, link("/register", { "aria-current": isCurrent("/register") ? "page" : undefined }, t("nav.register"))),
          ],
    ),
  );
  toggle.addEventListener("click", () => {
    menuOpen = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(menuOpen));
    nav.classList.toggle("open", menuOpen);
  });
  nav.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && nav.classList.contains("open")) {
      menuOpen = false;
      nav.classList.remove("open");
      toggle.setAttribute("aria-expanded", "false");
      toggle.focus();
    }
  });
  const tools = h("div", { class: "header-tools" }, langSwitch());
  if (signedIn) {
    tools.append(
      link("/notifications", { class: "notif-link", id: "notif-link", "aria-current": isCurrent("/notifications") ? "page" : undefined },
        notificationLinkContent()),
      link("/me", { class: "me-link desktop-only", "aria-current": isCurrent("/me") ? "page" : undefined }, me?.name ?? t("nav.profile")),
      h("button", { type: "button", class: "link-button desktop-only", onClick: doLogout }, t("nav.logout")),
    );
  }
  replace(
    header,
    h("div", { class: "bar" },
      link("/", { class: "brand" }, h("span", { class: "brand-mark", "aria-hidden": "true" }, "क"), h("span", null, t("app.name"))),
      toggle,
      tools,
    ),
    signedIn ? headerSearch() : null,
    nav,
  );
}

function renderFooter(): void {
  replace(footer, h("p", null, t("app.footer")), h("p", { class: "small" }, t("app.footerNote")));
}

async function boot(): Promise<void> {
  const root = document.getElementById("app")!;
  root.replaceChildren(h("a", { class: "skip-link", href: "#main" }, t("nav.skip")), header, main, footer);
  root.querySelector(".skip-link")?.addEventListener("click", (event) => {
    event.preventDefault();
    main.focus();
  });
  installLiveRegions(document.body);
  renderHeader();
  renderFooter();
  await loadConfig();
  if (session.loggedIn) {
    try {
      setMe(await api.get<Me>("/me"));
    } catch (error) {
      sessionUnreachable = isOffline(error);
    }
  }
  window.addEventListener("online", () => {
    sessionUnreachable = false;
  });
  startPwa((path) => navigate(path));

  onLangChange(() => {
    if (session.loggedIn) void rememberLanguage(lang());
    root.querySelector(".skip-link")!.textContent = t("nav.skip");
    renderHeader();
    renderFooter();
    void refresh();
  });
  session.onChange((loggedIn) => {
    renderHeader();
    if (!loggedIn && !explicitLogout) {
      const route = currentPath();
      if (!["/login", "/register", "/forgot-password", "/"].includes(route)) {
        navigate(`/login?expired=1&next=${encodeURIComponent(route + window.location.search)}`, { replace: true });
      }
    }
  });
  onUnreadCount((count) => {
    if (count !== unread) {
      unread = count;
      // Only the link's content changes: the header (an open menu, the focus) stays as it is.
      document.getElementById("notif-link")?.replaceChildren(...notificationLinkContent());
    }
  });
  window.setInterval(() => {
    if (session.loggedIn && document.visibilityState === "visible") void refreshUnreadCount();
  }, 60_000);

  startRouter(routes, main, {
    async guard(route, ctx) {
      const needsAuth = route.auth !== false;
      if (await offlineLibraryInstead(ctx.path, needsAuth)) return "/offline";
      if (needsAuth && !session.loggedIn) return `/login?next=${encodeURIComponent(ctx.path + window.location.search)}`;
      if (session.loggedIn && (ctx.path === "/login" || ctx.path === "/register")) return "/";
      if (session.loggedIn) {
        const me = await loadMe();
        if (me && !me.profileComplete && !route.beforeProfile) return "/profile/competencies?first=1";
        if (route.roles && !hasRole(...route.roles)) return "/forbidden";
      }
      return null;
    },
    afterRender() {
      menuOpen = false;
      renderHeader();
      if (session.loggedIn) void refreshUnreadCount();
    },
    notFound: () => page(t("page.notFound"), h("p", null, t("page.notFoundText")), link("/", null, t("nav.home"))),
    failed: (error) => failedPage(error, () => void refresh()),
  });
}

void boot();
