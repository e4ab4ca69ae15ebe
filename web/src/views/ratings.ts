// Ratings and reviews of a course: its average and the reviews, newest first (GET /courses/{id}/ratings),
// and for a learner who completed it a form to rate it (PUT /courses/{id}/rating; rating again replaces it).

import { api, seg, type Page } from "../api";
import { errorBox, pagedList } from "../components";
import { h, uid } from "../dom";
import { form, submitButton, submitting } from "../forms";
import { formatDate, t } from "../i18n";
import { localized, outcomeLine, starsText } from "./learner-kit";

interface Rating {
  userId: string;
  name?: string | null;
  stars: number;
  review?: string | null;
  updatedAt: string;
}

interface RatingsPage extends Page<Rating> {
  rating: { average: number; count: number };
  mine?: Rating | null;
}

function ratingItem(r: Rating): Node {
  return h(
    "article",
    { class: "lrn-review" },
    h("p", null, h("strong", null, r.name ?? t("lrn.aLearner")), " ", starsText(r.stars, 1, true), " ",
      h("span", { class: "muted" }, formatDate(r.updatedAt))),
    r.review ? h("p", null, r.review) : null,
  );
}

function rateForm(courseId: string, mine: Rating | null | undefined, onSaved: () => void): HTMLElement {
  const line = outcomeLine();
  const legendId = uid("stars");
  const reviewId = uid("review");
  const rateEl: HTMLFormElement = form(
    {
      class: "stack lrn-rate",
      onSubmit: (event: Event) => {
        event.preventDefault();
        line.set("");
        void submitting(rateEl, async () => {
          const data = new FormData(rateEl);
          const review = String(data.get("review") ?? "").trim();
          await api.put(`/courses/${seg(courseId)}/rating`, { stars: Number(data.get("stars")), ...(review ? { review } : {}) })
            .catch((error: unknown) => {
              throw localized(error);
            });
          line.set(t("lrn.ratingSaved"), "ok");
          onSaved();
        }, t("status.saving"));
      },
    },
    h("fieldset", { class: "lrn-star-choice", "aria-describedby": legendId },
      h("legend", { id: legendId }, mine ? t("lrn.rateAgain") : t("lrn.rateThis")),
      [1, 2, 3, 4, 5].map((n) => {
        const id = uid("star");
        return h("span", { class: "lrn-star-option" },
          h("input", { type: "radio", name: "stars", id, value: String(n), required: true, checked: mine?.stars === n }),
          h("label", { for: id }, t("lrn.starsN", { n })));
      })),
    h("div", { class: "field" },
      h("label", { for: reviewId }, t("lrn.review")),
      h("textarea", { id: reviewId, name: "review", rows: 3, maxlength: 2000 }, mine?.review ?? "")),
    h("div", { class: "actions" }, submitButton(mine ? t("lrn.updateRating") : t("lrn.submitRating"))),
  );
  return h("div", null, rateEl, line);
}

/** The course page's ratings section: the average, the caller's form when they completed it, the reviews. */
export function ratingPanel(courseId: string, completed: boolean): HTMLElement {
  const box = h("div", { class: "lrn-ratings" }, h("p", { class: "loading" }, t("status.loading")));
  const load = async (): Promise<void> => {
    let first: RatingsPage;
    try {
      first = await api.get<RatingsPage>(`/courses/${seg(courseId)}/ratings`, { limit: 10 });
    } catch (error) {
      box.replaceChildren(errorBox(error, () => void load()));
      return;
    }
    let served = false;
    const fetchPage = async (cursor: string | null): Promise<Page<Rating>> => {
      if (!cursor && !served) {
        served = true;
        return first;
      }
      return api.get<RatingsPage>(`/courses/${seg(courseId)}/ratings`, { limit: 10, cursor });
    };
    box.replaceChildren(
      h("p", { class: "lrn-average" }, starsText(first.rating.average, first.rating.count)),
      completed
        ? rateForm(courseId, first.mine, () => void load())
        : h("p", { class: "hint" }, t("lrn.rateAfterCompletion")),
      pagedList<Rating>(fetchPage, ratingItem, { emptyText: t("lrn.noReviews"), label: t("lrn.reviews") }),
    );
  };
  void load();
  return box;
}
