// हिन्दी strings of the learner's own pages (plans, bookmarks, leaderboard, people, account, ratings, filters); spread into hi.ts, typed against learner.en.ts.

import type { learnerEn } from "./learner.en";

export const learnerHi: Record<keyof typeof learnerEn, string> = {
};
