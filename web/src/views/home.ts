// The landing page (signed out) and the learner's dashboard (signed in).

import { api, seg, session, type Page } from "../api";
import { empty, page, progressBar, section, statusPill } from "../components";
import { h, replace } from "../dom";
import { formatDateTime, formatNumber, t } from "../i18n";
import { link } from "../router";
import { isAdmin, loadMe } from "../state";
import { myEventAsEvent, type MyEvent } from "./events";
import { contentPath, type Enrolment } from "./learning";
import { membershipNotice } from "./register-extras";

export async function homeView(): Promise<Node> {
  if (!session.loggedIn) {
    return page(
      t("home.welcomeTitle"),
      h("p", { class: "lead" }, t("home.welcomeLead")),
      h("div", { class: "actions" }, link("/register", { class: "button primary" }, t("nav.register")), link("/login", { class: "button" }, t("nav.login"))),
      h("ul", { class: "grid cards features" },
        h("li", { class: "card" }, h("h2", { class: "h3" }, t("home.featureLearn")), h("p", null, t("home.featureLearnText"))),
        h("li", { class: "card" }, h("h2", { class: "h3" }, t("home.featureGrow")), h("p", null, t("home.featureGrowText"))),
        h("li", { class: "card" }, h("h2", { class: "h3" }, t("home.featureConnect")), h("p", null, t("home.featureConnectText"))),
      ),
    );
  }
  const me = await loadMe();
  const learning = h("div", null, h("p", { class: "loading" }, t("status.loading")));
  void api
    .get<Page<Enrolment>>("/me/enrolments", { limit: 5 })
    .then((result) =>
      replace(
        learning,
        result.items.length
          ? h("ul", { class: "list" }, result.items.map((e) => h("li", null,
              h("h3", null, link(`/courses/${seg(e.courseId ?? "")}`, null, e.courseTitle ?? e.courseId ?? "")),
              statusPill(e.status),
              e.completionPercentage !== undefined ? progressBar(e.completionPercentage, `${t("course.completion")}: ${e.courseTitle ?? e.courseId}`) : null,
              e.nextContentId && e.status !== "COMPLETED"
                ? link(contentPath(e.courseId ?? "", e.nextContentId), { class: "button continue", "aria-label": `${t("course.continue")}: ${e.courseTitle ?? e.courseId}` }, t("course.continue"))
                : null)))
          : empty(t("learning.none")),
        link("/learning", null, t("home.allLearning")),
      ),
    )
    .catch(() => replace(learning, empty(t("learning.none"))));
  const events = h("div", null, h("p", { class: "loading" }, t("status.loading")));
  void api
    .get<Page<MyEvent>>("/me/events", { limit: 5 })
    .then((result) =>
      replace(
        events,
        result.items.length
          ? h("ul", { class: "list" }, result.items.map(myEventAsEvent).map((e) => h("li", null, link(`/events/${seg(e.id)}`, null, e.title), " ", h("span", { class: "muted" }, formatDateTime(e.startTime)), " ", statusPill(e.registrationStatus))))
          : empty(t("events.noneMine")),
        link("/events", null, t("home.allEvents")),
      ),
    )
    .catch(() => replace(events, empty(t("events.noneMine"))));
  return page(
    t("home.hello", { name: me?.name ?? "" }),
    await membershipNotice(),
    h("p", { class: "lead" }, t("home.karma", { points: formatNumber(me?.karmaPoints ?? 0) })),
    h("div", { class: "grid two" },
      section(t("home.continueLearning"), learning),
      section(t("home.myEvents"), events),
    ),
    h("ul", { class: "grid cards quick-links", "aria-label": t("home.quickLinks") },
      h("li", { class: "card" }, link("/courses", null, t("nav.catalogue"))),
      h("li", { class: "card" }, link("/competency", null, t("nav.competency"))),
      h("li", { class: "card" }, link("/career", null, t("nav.career"))),
      h("li", { class: "card" }, link("/communities", null, t("nav.discussion"))),
      h("li", { class: "card" }, link("/people", null, t("nav.network"))),
      isAdmin() ? h("li", { class: "card" }, link("/admin", null, t("nav.admin"))) : null,
    ),
  );
}
