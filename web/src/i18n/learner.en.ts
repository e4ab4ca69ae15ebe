// English strings of the learner's own pages (plans, bookmarks, leaderboard, people, account, ratings, filters); spread into en.ts. Every key here must exist in learner.hi.ts.

export const learnerEn = {
};
