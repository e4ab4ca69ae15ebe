// The org's skill gaps (a chart of the competencies most officers lack, with the same figures as a
// table, and the tables by designation) and its monthly leaderboard: for MDO admins and leaders.

import { api, seg, type Page, type Schema } from "../api";
import { empty, errorBox, genericTable, page, section, regionTable } from "../components";
import { h, replace } from "../dom";
import { formatNumber, lang, t } from "../i18n";
import { navigate, type RouteContext } from "../router";
import { competencyNames } from "./profile";
import { orgOf } from "./org-common";

type DesignationGaps = Schema<"OrgDesignationGaps">;
type Leaderboard = Schema<"Leaderboard">;

interface Bar { label: string; value: number }

/** A horizontal bar chart drawn by Chart.js (loaded only on the pages that show one). The canvas is an
 * image with a text summary; the caller puts the same figures in a table beside it. */
export function barChart(bars: Bar[], title: string, valueLabel: string): HTMLElement {
  const canvas = h("canvas", { role: "img", "aria-label": `${title}: ${bars.map((b) => `${b.label} ${formatNumber(b.value)}`).join("; ")}` });
  const box = h("div", { class: "org-chart" }, canvas);
  // Through the CSSOM, which the app's Content-Security-Policy allows (a style attribute it does not).
  box.style.height = `${Math.max(160, bars.length * 34 + 60)}px`;
  const figure = h("figure", { class: "org-chart-figure" }, h("figcaption", { class: "visually-hidden" }, title), box);
  void (async () => {
    try {
      const { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } = await import("chart.js");
      Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);
      const styles = getComputedStyle(document.documentElement);
      const colour = styles.getPropertyValue("--navy").trim() || "#12365f";
      const text = styles.getPropertyValue("--text").trim() || "#1b1f24";
      new Chart(canvas, {
        type: "bar",
        data: { labels: bars.map((b) => b.label), datasets: [{ label: valueLabel, data: bars.map((b) => b.value), backgroundColor: colour }] },
        options: {
          indexAxis: "y",
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          locale: lang() === "hi" ? "hi-IN" : "en-IN",
          scales: { x: { beginAtZero: true, ticks: { color: text, precision: 0 } }, y: { ticks: { color: text, autoSkip: false } } },
          plugins: { tooltip: { enabled: true } },
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

export async function orgGapsView(ctx: RouteContext): Promise<Node> {
  const org = await orgOf(ctx);
  const names = await competencyNames();
  let items: DesignationGaps[];
  try {
    items = (await api.get<Page<DesignationGaps>>(`/orgs/${seg(org)}/competency-gaps`, { limit: 100 })).items;
  } catch (error) {
    return page(t("admin.gaps"), errorBox(error, () => navigate(ctx.path, { replace: true })));
  }
  const labels = {
    competency: t("gaps.competency"),
    requiredLevel: t("gaps.required"),
    meeting: t("admin.meeting"),
    lacking: t("admin.lacking"),
  };
  const competencyName = (c: { competencyId: string; name?: string | null }) => names.get(c.competencyId) ?? c.name ?? c.competencyId;
  const lacking = (item: DesignationGaps) => item.competencies.reduce((n, c) => n + c.lacking, 0);
  // Designations with officers first (most lacking first); empty ones folded away.
  const staffed = items.filter((item) => item.officers > 0).sort((a, b) => lacking(b) - lacking(a));
  const unstaffed = items.filter((item) => item.officers === 0);
  const totals = new Map<string, Bar>();
  for (const item of staffed) {
    for (const c of item.competencies) {
      const bar = totals.get(c.competencyId) ?? { label: competencyName(c), value: 0 };
      bar.value += c.lacking;
      totals.set(c.competencyId, bar);
    }
  }
  const top = [...totals.values()].filter((b) => b.value > 0).sort((a, b) => b.value - a.value).slice(0, 10);
  const chartTitle = t("org.gapsChartTitle");
  const render = (item: DesignationGaps) => {
    const title = `${item.designation ?? item.designationId} — ${t("admin.officersCount", { n: formatNumber(item.officers) })}`;
    return section(title, genericTable(
      item.competencies.map((c) => ({ competency: competencyName(c), requiredLevel: c.requiredLevel, meeting: c.meeting, lacking: c.lacking })),
      title, ["competency", "requiredLevel", "meeting", "lacking"], labels));
  };
  return page(
    t("admin.gaps"),
    h("p", { class: "lead" }, t("admin.gapsLead")),
    top.length
      ? section(chartTitle,
          barChart(top, chartTitle, t("admin.lacking")),
          h("h3", null, t("org.chartData")),
          genericTable(top.map((b) => ({ competency: b.label, lacking: b.value })), t("org.chartData"), ["competency", "lacking"], labels))
      : null,
    items.length ? staffed.map(render) : empty(t("gaps.none")),
    unstaffed.length
      ? h("details", { class: "card" }, h("summary", null, t("admin.unstaffed", { n: formatNumber(unstaffed.length) })), unstaffed.map(render))
      : null,
  );
}

function thisMonth(): string {
  const now = new Date(Date.now() + 330 * 60_000); // India Standard Time
  return now.toISOString().slice(0, 7);
}

export async function orgLeaderboardView(ctx: RouteContext): Promise<Node> {
  const org = await orgOf(ctx);
  const month = /^\d{4}-\d{2}$/.test(ctx.query.get("month") ?? "") ? ctx.query.get("month")! : thisMonth();
  const monthInput = h("input", { type: "month", id: "org-lb-month", name: "month", value: month, required: true });
  const picker = h("form", {
    class: "search-bar",
    onSubmit: (event: Event) => {
      event.preventDefault();
      if (monthInput.value) navigate(`/admin/leaderboard?month=${encodeURIComponent(monthInput.value)}`);
    },
  }, h("label", { for: "org-lb-month" }, t("org.leaderboardMonth")), h("div", { class: "inline" }, monthInput, h("button", { type: "submit" }, t("org.show"))));
  let board: Leaderboard;
  try {
    board = await api.get<Leaderboard>(`/orgs/${seg(org)}/leaderboard`, { month, limit: 50 });
  } catch (error) {
    return page(t("org.leaderboard"), picker, errorBox(error, () => navigate(ctx.path + window.location.search, { replace: true })));
  }
  const caption = t("org.leaderboardOf", { month });
  return page(
    t("org.leaderboard"),
    h("p", { class: "lead" }, t("org.leaderboardLead")),
    picker,
    board.items.length
      ? section(caption,
          board.items.length > 1 ? barChart(board.items.slice(0, 10).map((e) => ({ label: e.name, value: e.points })), t("org.leaderboardChart"), t("org.points")) : null,
          regionTable(caption,
            [t("org.rank"), t("org.name"), t("register.designation"), t("org.points")].map((c) => h("th", { scope: "col" }, c)),
            board.items.map((e) => h("tr", null, h("td", null, formatNumber(e.rank)), h("td", null, e.name), h("td", null, e.designation ?? ""), h("td", null, formatNumber(e.points))))))
      : empty(t("org.leaderboardEmpty")),
  );
}
