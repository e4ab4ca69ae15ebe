// English strings of MDO admins and leaders (people, requirements, plans, gaps, leaderboard); spread into en.ts. Every key here must exist in orgadmin.hi.ts.

export const orgadminEn = {
};
