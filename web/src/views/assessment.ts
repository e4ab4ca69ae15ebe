// A quiz of a course: its questions, an attempt, the result; the header counts the attempts made.

import { api, ApiError, newIdempotencyKey, seg } from "../api";
import { dl, page } from "../components";
import { h, replace, uid } from "../dom";
import { form, submitButton, submitting } from "../forms";
import { formatNumber, t } from "../i18n";
import { link, type RouteContext } from "../router";

interface Question {
  id: string;
  text: string;
  kind?: "single" | "multiple";
  type?: string;
  options: { id: string; text: string }[];
}

interface Assessment {
  contentId?: string;
  title?: string;
  passPercent?: number;
  maxAttempts?: number;
  attemptsUsed?: number;
  attemptsRemaining?: number;
  bestScorePercent?: number | null;
  passed?: boolean;
  questions: Question[];
}

export async function assessmentView(ctx: RouteContext): Promise<Node> {
  const { courseId, contentId } = ctx.params as { courseId: string; contentId: string };
  const assessment = await api.get<Assessment>(`/courses/${seg(courseId)}/assessments/${seg(contentId)}`);
  const result = h("div", { "aria-live": "polite" });
  // One key per attempt (kept across retries of the same submission): a new attempt must not replay the last.
  let idempotencyKey = newIdempotencyKey();
  const attemptsText = () =>
    assessment.maxAttempts !== undefined
      ? t("fx.attemptsUsed", { used: formatNumber(assessment.attemptsUsed ?? 0), max: formatNumber(assessment.maxAttempts) })
      : "";
  const attemptsLine = h("span", { id: "assessment-attempts" }, attemptsText());
  const quizForm = form(
    {
      class: "stack",
      onSubmit: (event: Event) => {
        event.preventDefault();
        void submitting(quizForm, async () => {
          const data = new FormData(quizForm);
          const answers: Record<string, string[]> = {};
          for (const q of assessment.questions) answers[q.id] = data.getAll(q.id).map(String);
          const missing = assessment.questions.find((q) => !answers[q.id]?.length);
          if (missing) {
            throw new ApiError(400, "INCOMPLETE", t("assessment.answerAll"), [{ field: missing.id, message: t("form.required") }]);
          }
          const outcome = await api.post<Record<string, unknown>>(
            `/courses/${seg(courseId)}/assessments/${seg(contentId)}/attempts`,
            { answers },
            { idempotencyKey },
          );
          idempotencyKey = newIdempotencyKey();
          showResult(outcome);
        }, t("status.submitting"));
      },
    },
    assessment.questions.map((q, i) =>
      h(
        "fieldset",
        { class: "question card" },
        h("legend", null, `${i + 1}. ${q.text}`),
        (q.kind ?? q.type) === "multiple" ? h("p", { class: "hint" }, t("assessment.selectAll")) : null,
        q.options.map((o) => {
          const id = uid("opt");
          return h(
            "div",
            { class: "choice" },
            h("input", { type: (q.kind ?? q.type) === "multiple" ? "checkbox" : "radio", name: q.id, id, value: o.id }),
            h("label", { for: id }, o.text),
          );
        }),
      ),
    ),
    h("div", { class: "actions" }, submitButton(t("assessment.submit"))),
  );
  const showResult = (outcome: Record<string, unknown>) => {
    const passed = outcome.passed === true || outcome.status === "PASSED";
    // The header follows the attempts made (the attempt's answer counts them).
    if (typeof outcome.attemptsUsed === "number") assessment.attemptsUsed = outcome.attemptsUsed;
    else if (typeof outcome.attemptsRemaining === "number" && assessment.maxAttempts !== undefined) {
      assessment.attemptsUsed = assessment.maxAttempts - outcome.attemptsRemaining;
    } else assessment.attemptsUsed = (assessment.attemptsUsed ?? 0) + 1;
    attemptsLine.textContent = attemptsText();
    const score = Number(outcome.scorePercent ?? outcome.score ?? outcome.percent ?? 0);
    replace(
      result,
      h(
        "div",
        { class: `notice ${passed ? "success" : "warning"}`, tabindex: "-1", id: "assessment-result" },
        h("h2", null, passed ? t("assessment.passed") : t("assessment.failed")),
        h("p", null, t("assessment.score", { score: formatNumber(Math.round(score)) })),
        outcome.attemptsRemaining !== undefined ? h("p", null, t("assessment.attemptsLeft", { n: String(outcome.attemptsRemaining) })) : null,
        link(`/courses/${seg(courseId)}`, { class: "button primary" }, t("assessment.backToCourse")),
      ),
    );
    quizForm.hidden = passed;
    result.querySelector<HTMLElement>("#assessment-result")?.focus();
  };
  return page(
    assessment.title ?? t("assessment.title"),
    dl([
      [t("assessment.passMark"), assessment.passPercent !== undefined ? t("common.percent", { value: assessment.passPercent }) : ""],
      [t("assessment.attempts"), assessment.maxAttempts !== undefined ? attemptsLine : ""],
    ]),
    result,
    quizForm,
    h("p", null, link(`/courses/${seg(courseId)}`, null, t("assessment.backToCourse"))),
  );
}
