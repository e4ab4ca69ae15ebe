// The players of a course's contents, each on a maintained library: video through hls.js (adaptive HLS over
// Media Source Extensions; Safari's native HLS where MSE is absent), audio in <audio>, PDF through pdf.js
// (page by page on a canvas), SCORM 1.2 through scorm-again (window.API for the package, which runs in a
// sandboxed frame). Each reports what was really played or viewed through heartbeats (heartbeats.ts) and
// resumes where the server says the learner left off. The libraries load only when a player opens.
//
// The SCORM package's trust: it is a course author's upload that passed review, served from /media/ on the
// app's origin (scorm-again's window.API on this page must be reachable from its frame: same origin). The frame
// is sandboxed without allow-top-navigation or allow-popups (it cannot take the learner away or open windows),
// and the media CSP (infra/definitions.py) gives its pages no network besides their own files (connect-src
// 'none', form-action 'none'), so it cannot call the API. What it can do is read and write this page's DOM
// (same origin): that is the residual trust in reviewed packages.

import { h } from "./dom";
import { t } from "./i18n";
import { Heartbeats, PlayedRanges, type Claim, type HeartbeatResult } from "./heartbeats";
import pdfWorkerUrl from "pdfjs-dist/build/pdf.worker.min.mjs?url";

export interface PlayOut {
  type: "video" | "audio" | "pdf" | "scorm" | "link";
  url: string;
  expiresAt?: string | null;
  resume?: { position?: number; page?: number; suspendData?: string; lessonLocation?: string };
}

export interface Player {
  element: HTMLElement;
  /** Stops playback and sends what is left (`leaving`: the page is going away, the request must outlive it). */
  stop(leaving?: boolean): void;
  /** The signed address was renewed (GET .../play again): the cookies are fresh; nothing else to do for most. */
  renewed?(play: PlayOut): void;
}

export interface PlayerContext {
  enrolmentId: string;
  contentId: string;
  title: string;
  play: PlayOut;
  onProgress(result: HeartbeatResult): void;
  /** Offline: the download's owner (whose heartbeats wait until they are signed in); else the signed-in officer. */
  owner?: string;
  /** An author's or reviewer's preview: nothing is recorded (no heartbeats are sent). */
  preview?: boolean;
}

type Sender = Pick<Heartbeats, "send">;
/** The content's heartbeats, or none for a preview. */
function heartbeatsFor(ctx: PlayerContext): Sender {
  if (ctx.preview) return { send: () => Promise.resolve() };
  return new Heartbeats(ctx.enrolmentId, ctx.contentId, ctx.onProgress, ctx.owner);
}

const HEARTBEAT_INTERVAL_MS = 20_000;
const PAGE_COUNTS_AFTER_MS = 1_000;
export const SPEEDS = [0.75, 1, 1.25, 1.5, 1.75, 2];

export function createPlayer(ctx: PlayerContext): Promise<Player> {
  switch (ctx.play.type) {
    case "video":
    case "audio":
      return mediaPlayer(ctx);
    case "pdf":
      return pdfPlayer(ctx);
    case "scorm":
      return Promise.resolve(scormPlayer(ctx));
    default:
      throw new Error(`No player for ${ctx.play.type}`);
  }
}

// ------------------------------------------------------------------------------------------ video and audio

async function mediaPlayer(ctx: PlayerContext): Promise<Player> {
  const isVideo = ctx.play.type === "video";
  const media = isVideo
    ? h("video", { controls: true, playsinline: true, preload: "metadata", class: "video", "aria-label": ctx.title })
    : h("audio", { controls: true, preload: "metadata", "aria-label": ctx.title });
  let destroyHls: (() => void) | null = null;
  if (isVideo) {
    const { default: Hls } = await import("hls.js");
    if (Hls.isSupported()) {
      // Captions in the master playlist (EXT-X-MEDIA TYPE=SUBTITLES) become the element's text tracks.
      const hls = new Hls({ renderTextTracksNatively: true });
      hls.loadSource(ctx.play.url);
      hls.attachMedia(media as HTMLVideoElement);
      destroyHls = () => hls.destroy();
    } else if (media.canPlayType("application/vnd.apple.mpegurl")) {
      media.src = ctx.play.url; // Safari on iOS: no MSE, native HLS
    } else {
      throw new Error(t("player.unsupported"));
    }
  } else {
    media.src = ctx.play.url;
  }

  const resumeAt = Number(ctx.play.resume?.position ?? 0);
  media.addEventListener("loadedmetadata", () => {
    if (resumeAt > 0 && Number.isFinite(media.duration) && resumeAt < media.duration - 2) media.currentTime = resumeAt;
  }, { once: true });

  const speedId = `speed-${ctx.contentId}`;
  const speed = h("select", { id: speedId }, SPEEDS.map((s) => h("option", { value: String(s), selected: s === 1 }, `${s}×`)));
  speed.addEventListener("change", () => {
    media.playbackRate = Number(speed.value);
    media.defaultPlaybackRate = Number(speed.value);
  });

  const played = new PlayedRanges(media);
  const heartbeats = heartbeatsFor(ctx);
  let lastPosition = -1;
  const flush = (leaving = false) => {
    const ranges = played.take();
    const position = Math.round(media.currentTime * 1000) / 1000;
    if (!ranges.length && Math.abs(position - lastPosition) < 0.5) return;
    lastPosition = position;
    void heartbeats.send({ position, ranges }, {
      leaving,
      giveBack: (claim) => "ranges" in claim && played.restore(claim.ranges),
    });
  };
  const timer = window.setInterval(() => {
    if (!media.paused) flush();
  }, HEARTBEAT_INTERVAL_MS);
  media.addEventListener("pause", () => flush());
  media.addEventListener("ended", () => flush());
  const onHidden = () => document.visibilityState === "hidden" && flush(true);
  const onPageHide = () => flush(true);
  document.addEventListener("visibilitychange", onHidden);
  window.addEventListener("pagehide", onPageHide);

  const element = h(
    "div",
    { class: `player ${isVideo ? "player-video" : "player-audio"}` },
    media,
    h("div", { class: "player-controls" }, h("label", { for: speedId }, t("player.speed")), speed),
  );
  return {
    element,
    stop(leaving = true) {
      window.clearInterval(timer);
      media.pause();
      flush(leaving);
      document.removeEventListener("visibilitychange", onHidden);
      window.removeEventListener("pagehide", onPageHide);
      destroyHls?.();
    },
  };
}

// -------------------------------------------------------------------------------------------------- pdf

async function pdfPlayer(ctx: PlayerContext): Promise<Player> {
  const pdfjs = await import("pdfjs-dist");
  pdfjs.GlobalWorkerOptions.workerSrc = pdfWorkerUrl; // a module worker from the app's own origin
  // No WebAssembly decoders (the app's CSP allows no wasm compilation); pdf.js falls back to JavaScript ones.
  const loading = pdfjs.getDocument({ url: ctx.play.url, useWasm: false });
  const document_ = await loading.promise;
  const pageCount = document_.numPages;
  const canvas = h("canvas", { class: "pdf-page", role: "img" });
  const pageInputId = `page-${ctx.contentId}`;
  const pageInput = h("input", { id: pageInputId, type: "number", min: 1, max: pageCount, inputmode: "numeric", class: "page-number" });
  const prev = h("button", { type: "button" }, t("player.previousPage"));
  const next = h("button", { type: "button" }, t("player.nextPage"));
  const zoomOut = h("button", { type: "button", "aria-label": t("player.zoomOut") }, "−");
  const zoomIn = h("button", { type: "button", "aria-label": t("player.zoomIn") }, "+");
  const zoomText = h("span", { class: "zoom-level", "aria-live": "polite" });
  const pageStatus = h("p", { class: "pdf-status", "aria-live": "polite" });

  const heartbeats = heartbeatsFor(ctx);
  let unsent: number[] = [];
  const flush = (leaving = false) => {
    if (!unsent.length) return;
    const pages = unsent;
    unsent = [];
    void heartbeats.send({ pages }, { leaving, giveBack: (claim: Claim) => "pages" in claim && (unsent = [...claim.pages, ...unsent]) });
  };

  let current = Math.min(Math.max(1, Number(ctx.play.resume?.page ?? 1)), pageCount);
  let zoom = 1;
  let viewTimer = 0;
  let rendering: { cancel(): void; promise: Promise<unknown> } | null = null;
  const render = async () => {
    window.clearTimeout(viewTimer);
    const shown = current;
    pageInput.value = String(shown);
    prev.disabled = shown <= 1;
    next.disabled = shown >= pageCount;
    zoomText.textContent = t("player.zoomLevel", { percent: Math.round(zoom * 100) });
    pageStatus.textContent = t("player.pageOf", { page: shown, pages: pageCount });
    canvas.setAttribute("aria-label", t("player.pageOf", { page: shown, pages: pageCount }));
    const page = await document_.getPage(shown);
    const width = Math.max(240, Math.min((wrap.clientWidth || 800) - 2, 900));
    const base = page.getViewport({ scale: 1 });
    const viewport = page.getViewport({ scale: (width / base.width) * zoom * (window.devicePixelRatio || 1) });
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    canvas.style.width = `${Math.floor(viewport.width / (window.devicePixelRatio || 1))}px`;
    rendering?.cancel();
    const task = page.render({ canvas, viewport });
    rendering = task;
    await task.promise.catch(() => undefined);
    if (shown !== current) return;
    // A page counts as viewed once it has been on screen for a second.
    viewTimer = window.setTimeout(() => {
      if (shown !== current) return;
      unsent.push(shown);
      flush();
    }, PAGE_COUNTS_AFTER_MS);
  };
  const go = (page: number) => {
    const target = Math.min(Math.max(1, Math.round(page) || 1), pageCount);
    if (target === current) return;
    current = target;
    void render();
  };
  prev.addEventListener("click", () => go(current - 1));
  next.addEventListener("click", () => go(current + 1));
  pageInput.addEventListener("change", () => go(Number(pageInput.value)));
  zoomIn.addEventListener("click", () => {
    zoom = Math.min(3, zoom + 0.25);
    void render();
  });
  zoomOut.addEventListener("click", () => {
    zoom = Math.max(0.5, zoom - 0.25);
    void render();
  });
  const onPageHide = () => flush(true);
  window.addEventListener("pagehide", onPageHide);

  const wrap = h("div", { class: "pdf-canvas-wrap", tabindex: "0", role: "region", "aria-label": ctx.title }, canvas);
  const element = h(
    "div",
    { class: "player player-pdf" },
    h("div", { class: "player-controls", role: "toolbar", "aria-label": t("player.pdfControls") },
      prev,
      h("label", { for: pageInputId }, t("player.page")),
      pageInput,
      h("span", null, t("player.ofPages", { pages: pageCount })),
      next,
      zoomOut, zoomText, zoomIn,
    ),
    pageStatus,
    wrap,
  );
  element.addEventListener("keydown", (event) => {
    if ((event.target as HTMLElement).tagName === "INPUT") return;
    if (event.key === "ArrowRight" || event.key === "PageDown") go(current + 1);
    else if (event.key === "ArrowLeft" || event.key === "PageUp") go(current - 1);
    else return;
    event.preventDefault();
  });
  window.setTimeout(() => void render(), 0); // once the player is on the page (its width is known)
  return {
    element,
    stop(leaving = true) {
      window.clearTimeout(viewTimer);
      window.removeEventListener("pagehide", onPageHide);
      flush(leaving);
      void loading.destroy();
    },
  };
}

// ------------------------------------------------------------------------------------------------ SCORM 1.2

interface ScormApi {
  on(event: string, callback: (...args: unknown[]) => void): void;
  loadFromFlattenedJSON(json: Record<string, unknown>, element?: string): void;
  LMSFinish(parameter?: string): string;
  isInitialized?(): boolean;
}

function scormPlayer(ctx: PlayerContext): Player {
  const frame = h("iframe", {
    class: "scorm-frame",
    title: ctx.title,
    // The package's scripts run and may keep its forms; it cannot navigate the app or open windows.
    sandbox: "allow-scripts allow-same-origin allow-forms",
    referrerpolicy: "same-origin",
  });
  const heartbeats = heartbeatsFor(ctx);
  let unsent: Record<string, string> = {};
  const flush = (leaving = false) => {
    if (!Object.keys(unsent).length) return;
    const cmi = unsent;
    unsent = {};
    void heartbeats.send({ cmi }, { leaving, giveBack: (claim: Claim) => "cmi" in claim && (unsent = { ...claim.cmi, ...unsent }) });
  };
  const element = h("div", { class: "player player-scorm" }, frame);
  let api: ScormApi | null = null;
  const ready = (async () => {
    // The ES module exports the class by name (its type declarations say default).
    const runtime = (await import("scorm-again/scorm12")) as unknown as { Scorm12API: new (settings: object) => unknown };
    const Scorm12API = runtime.Scorm12API;
    // No LMS commit URL: the runtime keeps the values here and every LMSCommit/LMSFinish becomes a heartbeat.
    const created = new Scorm12API({ autocommit: false, lmsCommitUrl: false, logLevel: 4 }) as unknown as ScormApi;
    const resume = ctx.play.resume ?? {};
    if (resume.suspendData || resume.lessonLocation) {
      created.loadFromFlattenedJSON({
        "cmi.suspend_data": resume.suspendData ?? "",
        "cmi.core.lesson_location": resume.lessonLocation ?? "",
        "cmi.core.entry": "resume",
      }, "");
    }
    created.on("LMSSetValue.cmi.*", (element, value) => {
      unsent[String(element)] = String(value);
    });
    created.on("LMSCommit", () => flush());
    created.on("LMSFinish", () => flush());
    (window as unknown as { API?: ScormApi }).API = created;
    api = created;
    frame.src = ctx.play.url; // only once window.API is there for the package to find
  })();
  return {
    element,
    stop(leaving = true) {
      void ready.then(() => {
        try {
          if (api?.isInitialized?.()) api.LMSFinish("");
        } catch {
          /* already finished */
        }
        flush(leaving);
        frame.src = "about:blank";
        delete (window as unknown as { API?: ScormApi }).API;
      });
    },
  };
}
