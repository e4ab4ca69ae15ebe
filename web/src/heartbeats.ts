// A player's heartbeats (API.md "Course content"): POST /enrolments/{id}/contents/{contentId}/heartbeats with a
// sessionId per playback and a growing seq. What a heartbeat claims is what was really played or viewed since
// the previous one; the server checks it (at most 2x the wall time) and answers the verified coverage.
//
// Heartbeats go one at a time, in seq order. A heartbeat the network lost (or made while the browser is
// offline) waits in the offline queue (offline/queue.ts) with the time it was made (`at`) and its sessionId and
// seq, and every later one of the page waits behind it, so that the server gets them in order when the
// connection returns. One the server refused as implausible (400 IMPLAUSIBLE_PROGRESS) is dropped and logged:
// it counts nothing, and the learner is not interrupted. A 429 or 5xx gives its claim back to the next one.
// Every queued heartbeat is tagged with its owner (the signed-in officer, or the download's owner when the app
// could not ask who is signed in); in the offline library (views/offline.ts: nobody signed in) every heartbeat
// is queued, to be sent when that officer signs in again.

import { api, ApiError, seg, session } from "./api";
import { enqueue, flushQueue, mustQueue, onQueuedSent } from "./offline/queue";
import { currentUser } from "./state";

export interface HeartbeatResult {
  coveredPercent: number;
  completed: boolean;
}

/** What one heartbeat claims: a video's/audio's ranges and position, a pdf's pages, a SCORM package's cmi values. */
export type Claim =
  | { position: number; ranges: [number, number][] }
  | { pages: number[] }
  | { cmi: Record<string, string> };

export class Heartbeats {
  readonly sessionId = crypto.randomUUID();
  private seq = 0;
  private queue: Promise<void> = Promise.resolve();
  /** Whose playback this is: the offline library's download owner, or the officer signed in when it began. */
  private readonly owner: string | undefined;

  constructor(
    private readonly enrolmentId: string,
    private readonly contentId: string,
    private readonly onResult: (result: HeartbeatResult) => void,
    /** Whose playback it is when the app cannot ask (offline): the download's owner. */
    owner?: string,
  ) {
    this.owner = owner ?? currentUser()?.userId;
    // Queued heartbeats of this playback counted later (the connection returned while the player is open).
    onQueuedSent((item, result) => {
      if (item.body.sessionId === this.sessionId) this.onResult(result);
    });
  }

  /**
   * Sends `claim` after the heartbeats before it. `giveBack` is called with the claim when the network lost it
   * (the caller merges it into its next claim). With `leaving`, the request outlives the page (fetch keepalive).
   */
  send(claim: Claim, options: { leaving?: boolean; giveBack?: (claim: Claim) => void } = {}): Promise<void> {
    const run = async () => {
      this.seq += 1;
      const path = `/enrolments/${seg(this.enrolmentId)}/contents/${seg(this.contentId)}/heartbeats`;
      const body = { sessionId: this.sessionId, seq: this.seq, ...claim };
      const at = new Date().toISOString();
      const owner = this.owner;
      if (!session.loggedIn) {
        await enqueue(path, { ...body, at }, owner);
        return;
      }
      if (mustQueue()) {
        await enqueue(path, { ...body, at }, owner);
        if (navigator.onLine) void flushQueue();
        return;
      }
      try {
        const result = await api.post<HeartbeatResult>(path, body, { keepalive: options.leaving });
        this.onResult(result);
      } catch (error) {
        if (error instanceof ApiError && error.code === "IMPLAUSIBLE_PROGRESS") {
          console.info("A heartbeat was not counted:", error.message, error.details);
        } else if (error instanceof ApiError && error.status === 0) {
          await enqueue(path, { ...body, at }, owner);
        } else if (error instanceof ApiError && (error.status >= 500 || error.status === 429)) {
          options.giveBack?.(claim);
        } else {
          console.warn("A heartbeat was refused:", error);
        }
      }
    };
    // When leaving the page there is no time to wait for the queue: the keepalive request goes at once.
    const sent = options.leaving ? run() : this.queue.then(run);
    this.queue = sent.catch(() => undefined);
    return sent;
  }
}

/** The largest forward step counted as continued playback (hls.js jumps holes of up to ~0.1-0.2 s). */
const PLAYER_GAP_JUMP_SECONDS = 0.25;

/**
 * What a media element really played: the ranges its time advanced through while playing (timeupdate deltas),
 * never what a seek jumped over. `take()` hands the ranges gathered since the last take.
 */
export class PlayedRanges {
  private ranges: [number, number][] = [];
  private last: number | null = null;

  constructor(private readonly media: HTMLMediaElement) {
    media.addEventListener("playing", () => (this.last = media.currentTime));
    media.addEventListener("seeking", () => (this.last = null));
    media.addEventListener("seeked", () => (this.last = media.paused ? null : media.currentTime));
    media.addEventListener("timeupdate", () => this.advance());
    media.addEventListener("pause", () => {
      this.advance();
      this.last = null;
    });
    media.addEventListener("ended", () => {
      this.advance();
      this.last = null;
    });
  }

  private advance(): void {
    const now = this.media.currentTime;
    if (this.media.seeking || this.last === null) {
      if (!this.media.paused && !this.media.seeking) this.last = now;
      return;
    }
    const delta = now - this.last;
    // timeupdate fires every 15-250 ms: an advance of more than a few seconds is a jump, not playback.
    if (delta > 0 && delta <= 4) this.add(this.last, now);
    this.last = now;
  }

  private add(from: number, to: number): void {
    const tail = this.ranges[this.ranges.length - 1];
    // A forward step of a fraction of a second is the player's, not the learner's: hls.js seeks over small holes
    // between buffered segments (a stall under load), which would otherwise split one watch into two ranges.
    const step = tail ? from - tail[1] : Infinity;
    if (tail && step > -0.001 && step <= PLAYER_GAP_JUMP_SECONDS) tail[1] = to;
    else this.ranges.push([from, to]);
  }

  /** The ranges played since the previous take (rounded to milliseconds), and forgets them. */
  take(): [number, number][] {
    const taken = this.ranges
      .map(([from, to]) => [Math.round(from * 1000) / 1000, Math.round(to * 1000) / 1000] as [number, number])
      .filter(([from, to]) => to > from);
    this.ranges = [];
    return taken;
  }

  /** Puts ranges a lost heartbeat carried back, to be sent again. */
  restore(ranges: [number, number][]): void {
    this.ranges = [...ranges, ...this.ranges];
  }
}
