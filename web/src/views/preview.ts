// "Preview as a learner": a course's author and its reviewers open any content of it, in any status, in the
// same players learners use (web/src/players.ts), from GET /courses/{courseId}/contents/{contentId}/play.
// Nothing is recorded: the players send no heartbeats in preview.

import { api, seg, type Schema } from "../api";
import { errorBox, page, pill } from "../components";
import { h, replace } from "../dom";
import { formatNumber, t, tOr } from "../i18n";
import { createPlayer, type Player, type PlayOut } from "../players";
import { link, onLeave, type RouteContext } from "../router";
import { currentUser } from "../state";

type Course = Schema<"Course">;

export async function previewView(ctx: RouteContext): Promise<Node> {
  const courseId = ctx.params.courseId!;
  const course = await api.get<Course>(`/courses/${seg(courseId)}`);
  const content = course.modules.flatMap((m) => m.contents).find((c) => c.id === ctx.params.contentId);
  const mine = course.authorId === currentUser()?.userId;
  const back = link(mine ? `/authoring/${seg(course.id)}` : `/review/${seg(course.id)}`, null, t("authx.backTo", { title: course.title }));
  if (!content) return page(t("authx.previewTitle"), h("p", { class: "notice warning" }, t("authx.noContent")), h("p", null, back));

  const stage = h("div", { class: "player-stage" }, h("p", { class: "loading" }, t("status.loading")));
  const view = page(`${t("authx.preview")}: ${content.title}`,
    h("p", { class: "notice info" }, t("authx.previewNotice")),
    h("p", { class: "meta" }, pill(tOr(`contentType.${content.type}`, content.type)), " ", h("span", { class: "muted" }, course.title)),
    stage,
    h("p", null, back));

  if (content.type === "quiz") {
    replace(stage, h("p", null, t("authoring.quizFacts", { count: formatNumber(content.questionCount ?? 0), pass: formatNumber(content.passPercent ?? 0) })));
    return view;
  }
  let player: Player | null = null;
  onLeave(() => player?.stop(false));
  try {
    const play = await api.get<PlayOut>(`/courses/${seg(course.id)}/contents/${seg(content.id)}/play`);
    if (play.type === "link") {
      replace(stage, h("a", { href: play.url, target: "_blank", rel: "noopener noreferrer", class: "button" }, t("course.openLink"), h("span", { class: "visually-hidden" }, ` ${t("player.newTab")}`)));
    } else {
      player = await createPlayer({ enrolmentId: "", contentId: content.id, title: content.title, play, onProgress: () => undefined, preview: true });
      replace(stage, player.element);
    }
  } catch (error) {
    replace(stage, errorBox(error));
  }
  return view;
}
