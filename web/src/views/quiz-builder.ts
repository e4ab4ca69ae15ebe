// The quiz builder of the course form: questions with single or multiple choice, their options and correct
// answers, the pass mark and the attempts allowed — the API's quiz model (QuizIn). A saved quiz's questions
// are never sent back by the API (they hold the answers): a Draft's quiz is kept as it is unless the author
// chooses to replace its questions (a PUT without `quiz` keeps the stored one).

import { ApiError, type FieldDetail, type Schema } from "../api";
import { h } from "../dom";
import { checkbox, field, select, textarea } from "../forms";
import { formatNumber, t } from "../i18n";
import { announce } from "../status";

type QuizIn = Schema<"QuizIn">;
const MAX_OPTIONS = 10;
const MAX_QUESTIONS = 50;

export interface QuizSeed {
  passPercent?: number | null;
  maxAttempts?: number | null;
  questionCount?: number | null;
}

export interface QuizBuilder {
  element: HTMLElement;
  /** The quiz as the API takes it; undefined while a saved quiz is kept. */
  collect(): QuizIn | undefined;
  /** Names its inputs after the API's paths under `prefix` (e.g. modules.0.contents.2). */
  renumber(prefix: string): void;
  /** What the API would refuse that the browser cannot see (option counts, correct answers). */
  check(): FieldDetail[];
}

const smallButton = (label: string, onClick: () => void, danger = false): HTMLButtonElement =>
  h("button", { type: "button", class: danger ? "link-button danger-link" : "secondary", onClick }, label);

export function quizBuilder(seed: QuizSeed | null, saved: boolean): QuizBuilder {
  let keep = saved;
  const questions = h("div", { class: "quiz-questions" });
  const settings = h("div", { class: "quiz-settings" },
    field({ label: t("quizb.passPercent"), name: "passPercent", type: "number", min: 1, max: 100, value: String(seed?.passPercent ?? 60), required: true, inputmode: "numeric", hint: t("quizb.passHint") }),
    field({ label: t("quizb.maxAttempts"), name: "maxAttempts", type: "number", min: 1, max: 10, value: String(seed?.maxAttempts ?? 3), required: true, inputmode: "numeric" }),
  );
  const addQuestionButton = smallButton(t("quizb.addQuestion"), () => {
    if (questions.children.length >= MAX_QUESTIONS) return;
    addQuestion().querySelector("textarea")?.focus();
  });
  const editor = h("div", { class: "quiz-editor-body" }, settings, questions, h("div", { class: "actions" }, addQuestionButton));
  const element = h("div", { class: "quiz-builder", "data-quiz-builder": "" });
  let prefix = "";

  function addOption(list: HTMLElement, kindOf: () => string, text = ""): HTMLElement {
    const row = h("li", { class: "quiz-option" });
    const correct = checkbox({ label: t("quizb.correct"), name: "correct" });
    const box = correct.querySelector("input")!;
    correct.append(h("p", { class: "field-error", id: `${box.id}-error`, hidden: true })); // where "tick one" shows
    box.setAttribute("aria-describedby", `${box.id}-error`);
    box.addEventListener("change", () => {
      if (box.checked && kindOf() === "single") {
        list.querySelectorAll<HTMLInputElement>("input[type=checkbox]").forEach((other) => {
          if (other !== box) other.checked = false;
        });
      }
    });
    row.append(
      field({ label: t("quizb.option"), name: "text", value: text, required: true, maxlength: 500 }),
      correct,
      smallButton(t("quizb.removeOption"), () => {
        if (list.children.length <= 2) {
          announce(t("quizb.twoOptions"));
          return;
        }
        row.remove();
        number();
      }, true),
    );
    list.append(row);
    number();
    return row;
  }

  function addQuestion(): HTMLElement {
    const options = h("ol", { class: "quiz-options" });
    const kind = select({ label: t("quizb.kind"), name: "kind", value: "single", options: [
      { value: "single", label: t("quizb.single") }, { value: "multiple", label: t("quizb.multiple") }] });
    const kindOf = () => kind.querySelector("select")!.value;
    kind.querySelector("select")!.addEventListener("change", () => {
      if (kindOf() !== "single") return; // one correct answer: keep the first ticked
      let seen = false;
      options.querySelectorAll<HTMLInputElement>("input[type=checkbox]").forEach((b) => {
        if (b.checked && seen) b.checked = false;
        seen ||= b.checked;
      });
    });
    const box = h("fieldset", { class: "quiz-question" },
      h("legend"),
      textarea({ label: t("quizb.questionText"), name: "text", required: true, maxlength: 2000, rows: 2 }),
      kind,
      h("p", { class: "hint" }, t("quizb.optionsHint")),
      options,
    );
    box.append(h("div", { class: "actions" },
      smallButton(t("quizb.addOption"), () => {
        if (options.children.length >= MAX_OPTIONS) return;
        addOption(options, kindOf).querySelector("input")?.focus();
      }),
      smallButton(t("quizb.removeQuestion"), () => {
        if (questions.children.length <= 1) {
          announce(t("quizb.oneQuestion"));
          return;
        }
        box.remove();
        number();
      }, true)));
    questions.append(box);
    addOption(options, kindOf);
    addOption(options, kindOf);
    number();
    return box;
  }

  /** Legends and names follow the API's paths, so its field errors land on their inputs. */
  function number(): void {
    const base = `${prefix}.quiz`;
    settings.querySelectorAll<HTMLInputElement>("input").forEach((el) => {
      el.name = `${base}.${el.name.split(".").pop()}`;
    });
    questions.querySelectorAll<HTMLElement>(".quiz-question").forEach((q, qi) => {
      q.querySelector("legend")!.textContent = t("quizb.question", { n: formatNumber(qi + 1) });
      q.querySelector<HTMLTextAreaElement>(":scope > .field textarea")!.name = `${base}.questions.${qi}.text`;
      q.querySelector<HTMLSelectElement>(":scope > .field select")!.name = `${base}.questions.${qi}.kind`;
      q.querySelectorAll<HTMLElement>(".quiz-option").forEach((row, oi) => {
        const label = t("quizb.optionN", { n: formatNumber(oi + 1) });
        const text = row.querySelector<HTMLInputElement>("input[type=text], input:not([type])")!;
        text.name = `${base}.questions.${qi}.options.${oi}.text`;
        row.querySelector<HTMLLabelElement>(`label[for="${text.id}"]`)!.firstChild!.textContent = label;
        const box = row.querySelector<HTMLInputElement>("input[type=checkbox]")!;
        box.name = `${base}.questions.${qi}.correct`;
        row.querySelector<HTMLLabelElement>(`label[for="${box.id}"]`)!.textContent = t("quizb.correctN", { n: formatNumber(oi + 1) });
      });
    });
  }

  if (keep) {
    const replaceButton = smallButton(t("quizb.replace"), () => {
      keep = false;
      kept.remove();
      element.append(editor);
      if (!questions.children.length) addQuestion();
      editor.querySelector("input")?.focus();
    });
    const kept = h("div", { class: "notice info quiz-kept" },
      h("p", null, t("quizb.kept", { count: formatNumber(seed?.questionCount ?? 0), pass: formatNumber(seed?.passPercent ?? 0), attempts: formatNumber(seed?.maxAttempts ?? 0) })),
      replaceButton);
    element.append(kept);
  } else {
    element.append(editor);
    addQuestion();
  }

  const valueOf = (scope: ParentNode, selector: string): string => (scope.querySelector<HTMLInputElement>(selector)?.value ?? "").trim();

  return {
    element,
    renumber(next: string) {
      prefix = next;
      number();
    },
    collect() {
      if (keep) return undefined;
      return {
        passPercent: Number(valueOf(settings, "input[name$=passPercent]")),
        maxAttempts: Number(valueOf(settings, "input[name$=maxAttempts]")),
        questions: Array.from(questions.querySelectorAll<HTMLElement>(".quiz-question")).map((q, qi) => {
          const rows = Array.from(q.querySelectorAll<HTMLElement>(".quiz-option"));
          return {
            id: `q${qi + 1}`,
            text: valueOf(q, ":scope > .field textarea"),
            kind: valueOf(q, ":scope > .field select") === "multiple" ? "multiple" : "single",
            options: rows.map((row, oi) => ({ id: `o${oi + 1}`, text: valueOf(row, "input[name$='.text']") })),
            correct: rows.flatMap((row, oi) => (row.querySelector<HTMLInputElement>("input[type=checkbox]")!.checked ? [`o${oi + 1}`] : [])),
          };
        }),
      };
    },
    check() {
      if (keep) return [];
      const problems: FieldDetail[] = [];
      questions.querySelectorAll<HTMLElement>(".quiz-question").forEach((q) => {
        const boxes = Array.from(q.querySelectorAll<HTMLInputElement>("input[type=checkbox]"));
        const ticked = boxes.filter((b) => b.checked).length;
        const single = valueOf(q, ":scope > .field select") !== "multiple";
        if (ticked === 0 || (single && ticked !== 1)) {
          problems.push({ field: boxes[0]!.name, message: t(single ? "quizb.needOneCorrect" : "quizb.needCorrect") } as FieldDetail);
        }
      });
      return problems;
    },
  };
}

/** Throws the builders' problems as a 400 the form shows on the fields. */
export function checkQuizBuilders(builders: Iterable<QuizBuilder>): void {
  const problems = Array.from(builders).flatMap((b) => b.check());
  if (problems.length) throw new ApiError(400, "INVALID_QUIZ", t("form.fixErrors"), problems);
}
