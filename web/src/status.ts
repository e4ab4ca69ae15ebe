// Screen-reader announcements for async work: one polite live region (progress, success) and one
// assertive region (failures), both present in the page from the start so that changes are read.

let polite: HTMLElement | null = null;
let assertive: HTMLElement | null = null;

export function installLiveRegions(root: HTMLElement): void {
  polite = document.createElement("div");
  polite.id = "live-status";
  polite.className = "visually-hidden";
  polite.setAttribute("role", "status");
  polite.setAttribute("aria-live", "polite");
  assertive = document.createElement("div");
  assertive.id = "live-alert";
  assertive.className = "visually-hidden";
  assertive.setAttribute("role", "alert");
  assertive.setAttribute("aria-live", "assertive");
  root.append(polite, assertive);
}

function say(region: HTMLElement | null, text: string): void {
  if (!region) return;
  // Clear first so that the same text said twice is read twice.
  region.textContent = "";
  window.setTimeout(() => {
    region.textContent = text;
  }, 50);
}

export function announce(text: string): void {
  say(polite, text);
}

export function announceError(text: string): void {
  say(assertive, text);
}

/** A visible status line with its own polite live region, for a view's async state. */
export function statusLine(): HTMLParagraphElement & { set(text: string, kind?: "info" | "ok" | "error"): void } {
  const el = document.createElement("p") as HTMLParagraphElement & {
    set(text: string, kind?: "info" | "ok" | "error"): void;
  };
  el.className = "status-line";
  el.setAttribute("role", "status");
  el.setAttribute("aria-live", "polite");
  el.set = (text, kind = "info") => {
    el.textContent = text;
    el.dataset.kind = kind;
    el.hidden = !text;
  };
  el.hidden = true;
  return el;
}
