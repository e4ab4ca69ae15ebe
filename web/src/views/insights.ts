// Insights leaders can act on (issue 20): the org's dashboard (MDO admins and leaders; an SPV admin with
// ?orgId=) and every org's (SPV admins), from the aggregates of the nightly refresh. Each chart (Chart.js,
// loaded lazily) has its figures beside it as a table; a month range filter; the reports download as CSV.

import { api, seg, type Schema } from "../api";
import { errorBox, page, section, regionTable } from "../components";
import { h, replace } from "../dom";
import { formatDateTime, formatNumber, lang, t, type MessageKey } from "../i18n";
import { link, navigate, type RouteContext } from "../router";
import { announce, announceError, statusLine } from "../status";
import { orgErrorText, orgOf } from "./org-common";
import { barChart } from "./org-insights";

type OrgInsights = Schema<"OrgInsights">;
type AllInsights = Schema<"AllInsights">;
type ReportDownload = Schema<"ReportDownload">;
type MonthRow = OrgInsights["byMonth"][number];

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const FIGURES = ["enrolments", "completions", "learningHours", "karma", "gapsClosed"] as const;
const STANDING = ["gapsOpen", "gapsRequired", "planAssignees", "planCompleted", "planOverdue"] as const;

function label(key: string): string {
  return t(`ins.${key}` as MessageKey);
}

function cell(value: unknown): string {
  return typeof value === "number" ? formatNumber(value) : String(value ?? "");
}

/** A table of rows with the given columns (labels from the `ins.` keys), its caption for screen readers. */
function table(caption: string, columns: string[], rows: Record<string, unknown>[], headers: Record<string, string> = {}): HTMLElement {
  return regionTable(caption,
    columns.map((c) => h("th", { scope: "col" }, headers[c] ?? label(c))),
    rows.map((row) => h("tr", null, columns.map((c, i) => i === 0
      ? h("th", { scope: "row" }, cell(row[c]))
      : h("td", { class: typeof row[c] === "number" ? "num" : "" }, cell(row[c]))))),
    { table: { class: "ins-table" } });
}

/** Enrolments and completions per month as a grouped column chart (an image with a text summary). */
function monthChart(rows: MonthRow[]): HTMLElement {
  const title = t("ins.chartActivity");
  const summary = rows.map((r) => `${r.month}: ${formatNumber(r.enrolments)} / ${formatNumber(r.completions)}`).join("; ");
  const canvas = h("canvas", { role: "img", "aria-label": `${title}: ${summary}` });
  const box = h("div", { class: "ins-chart" }, canvas);
  box.style.height = "260px"; // the CSSOM: the app's CSP refuses style attributes
  const figure = h("figure", { class: "org-chart-figure" }, h("figcaption", { class: "visually-hidden" }, title), box);
  void (async () => {
    try {
      const { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } = await import("chart.js");
      Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, Tooltip);
      const styles = getComputedStyle(document.documentElement);
      const navy = styles.getPropertyValue("--navy").trim() || "#12365f";
      const accent = styles.getPropertyValue("--saffron").trim() || "#f29d38";
      const text = styles.getPropertyValue("--text").trim() || "#1b1f24";
      new Chart(canvas, {
        type: "bar",
        data: {
          labels: rows.map((r) => r.month),
          datasets: [
            { label: t("ins.enrolments"), data: rows.map((r) => r.enrolments), backgroundColor: navy },
            { label: t("ins.completions"), data: rows.map((r) => r.completions), backgroundColor: accent },
          ],
        },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          locale: lang() === "hi" ? "hi-IN" : "en-IN",
          scales: { x: { ticks: { color: text } }, y: { beginAtZero: true, ticks: { color: text, precision: 0 } } },
          plugins: { legend: { labels: { color: text } } },
        },
      });
      figure.dataset.ready = "true";
    } catch {
      replace(box, h("p", { class: "muted" }, t("org.chartUnavailable")));
      figure.dataset.ready = "true";
    }
  })();
  return figure;
}

/** The month range form: two month inputs, submitted as ?from=&to= on the same page. */
function rangeForm(path: string, from: string, to: string, extra: Record<string, string> = {}): HTMLElement {
  const fromInput = h("input", { type: "month", id: "ins-from", name: "from", value: from, required: true });
  const toInput = h("input", { type: "month", id: "ins-to", name: "to", value: to, required: true });
  return h("form", {
    class: "ins-range", "aria-label": t("ins.range"),
    onSubmit: (event: Event) => {
      event.preventDefault();
      const query = new URLSearchParams({ ...extra, from: fromInput.value, to: toInput.value });
      navigate(`${path}?${query.toString()}`);
    },
  },
  h("div", { class: "field" }, h("label", { for: "ins-from" }, t("ins.from")), fromInput),
  h("div", { class: "field" }, h("label", { for: "ins-to" }, t("ins.to")), toInput),
  h("button", { type: "submit" }, t("ins.show")));
}

function rangeOf(ctx: RouteContext): Record<string, string> {
  const query: Record<string, string> = {};
  for (const key of ["from", "to"]) {
    const value = ctx.query.get(key) ?? "";
    if (MONTH.test(value)) query[key] = value;
  }
  return query;
}

function totals(figures: OrgInsights["totals"]): HTMLElement {
  return h("dl", { class: "ins-totals" }, [...FIGURES, ...STANDING].map((key) =>
    h("div", { class: "ins-total" }, h("dt", null, label(key)), h("dd", null, formatNumber(figures[key])))));
}

function reportLinks(org: string, data: OrgInsights): HTMLElement {
  const status = statusLine();
  const buttons = data.reports.map((file) => {
    const name = t(`ins.report.${file.report}` as MessageKey);
    const button = h("button", { type: "button", class: "secondary", "data-report": file.report },
      t("ins.download", { report: name, rows: formatNumber(file.rows) }));
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        const fileName = file.report + ".csv";
        const download = await api.get<ReportDownload>(`/orgs/${seg(org)}/reports/${seg(fileName)}`);
        status.set(t("ins.downloading"), "ok");
        announce(t("ins.downloading"));
        window.location.assign(download.url);
      } catch (error) {
        status.set(orgErrorText(error), "error");
        announceError(orgErrorText(error));
      } finally {
        button.disabled = false;
      }
    });
    return button;
  });
  return section(t("ins.reports"), h("p", { class: "muted" }, t("ins.reportsLead")),
    buttons.length ? h("div", { class: "actions ins-reports" }, buttons) : h("p", { class: "muted" }, t("ins.notYet")),
    status);
}

function freshness(refreshedAt: string | null | undefined): HTMLElement {
  return h("p", { class: "lead" }, refreshedAt ? t("ins.lead", { when: formatDateTime(refreshedAt) }) : t("ins.notYet"));
}

export async function orgInsightsView(ctx: RouteContext): Promise<Node> {
  const org = await orgOf(ctx);
  const range = rangeOf(ctx);
  const extra: Record<string, string> = ctx.query.get("orgId") ? { orgId: ctx.query.get("orgId")! } : {};
  let data: OrgInsights;
  try {
    data = await api.get<OrgInsights>(`/orgs/${seg(org)}/insights`, range);
  } catch (error) {
    return page(t("ins.title"), rangeForm("/admin/insights", range.from ?? "", range.to ?? "", extra),
      errorBox(error, () => navigate(ctx.path + window.location.search, { replace: true })));
  }
  const designations = data.byDesignation;
  const chartBars = designations.filter((d) => d.completions > 0).slice(0, 12).map((d) => ({ label: d.designation, value: d.completions }));
  return page(
    `${t("ins.title")} — ${data.orgName}`,
    freshness(data.refreshedAt),
    rangeForm("/admin/insights", data.from, data.to, extra),
    section(t("ins.totals"), totals(data.totals)),
    section(t("ins.byMonth"), monthChart(data.byMonth), h("h3", null, t("ins.chartData")),
      table(t("ins.byMonth"), ["month", "enrolments", "completions", "learningHours", "karma", "activeLearners", "gapsClosed"],
        data.byMonth as unknown as Record<string, unknown>[])),
    section(t("ins.byDesignation"),
      chartBars.length ? barChart(chartBars, t("ins.chartDesignations"), t("ins.completions")) : null,
      designations.length
        ? table(t("ins.byDesignation"), ["designation", ...FIGURES, ...STANDING], designations as unknown as Record<string, unknown>[])
        : h("p", { class: "muted" }, t("ins.noData"))),
    section(t("ins.plans"), data.plans.length
      ? table(t("ins.plans"), ["name", "dueAt", "assignees", "completed", "completedOnTime", "overdue"],
          data.plans.map((p) => ({ ...p, dueAt: p.dueAt ? formatDateTime(p.dueAt) : "" })), { name: t("ins.plan") })
      : h("p", { class: "muted" }, t("ins.noPlans"))),
    reportLinks(org, data),
  );
}

export async function allInsightsView(ctx: RouteContext): Promise<Node> {
  const range = rangeOf(ctx);
  let data: AllInsights;
  try {
    data = await api.get<AllInsights>("/insights", range);
  } catch (error) {
    return page(t("ins.allTitle"), rangeForm("/admin/insights/all", range.from ?? "", range.to ?? ""),
      errorBox(error, () => navigate(ctx.path + window.location.search, { replace: true })));
  }
  const bars = data.byOrg.filter((o) => o.completions > 0).sort((a, b) => b.completions - a.completions).slice(0, 12)
    .map((o) => ({ label: o.name, value: o.completions }));
  const query = (orgId: string) => new URLSearchParams({ orgId, from: data.from, to: data.to }).toString();
  return page(
    t("ins.allTitle"),
    freshness(data.refreshedAt),
    rangeForm("/admin/insights/all", data.from, data.to),
    section(t("ins.totals"), totals(data.totals)),
    section(t("ins.byMonth"), monthChart(data.byMonth), h("h3", null, t("ins.chartData")),
      table(t("ins.byMonth"), ["month", "enrolments", "completions", "learningHours", "karma", "activeLearners", "gapsClosed"],
        data.byMonth as unknown as Record<string, unknown>[])),
    section(t("ins.byOrg"),
      bars.length ? barChart(bars, t("ins.chartOrgs"), t("ins.completions")) : null,
      data.byOrg.length
        ? regionTable(t("ins.byOrg"),
            ["org", ...FIGURES, ...STANDING].map((c) => h("th", { scope: "col" }, label(c))),
            data.byOrg.map((o) => h("tr", null,
              h("th", { scope: "row" }, link(`/admin/insights?${query(o.orgId)}`, { "aria-label": t("ins.openOrg", { org: o.name }) }, o.name)),
              [...FIGURES, ...STANDING].map((c) => h("td", { class: "num" }, formatNumber(o[c]))))),
            { table: { class: "ins-table" } })
        : h("p", { class: "muted" }, t("ins.noData"))),
  );
}
