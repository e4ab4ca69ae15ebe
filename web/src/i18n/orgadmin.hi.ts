// हिन्दी strings of MDO admins and leaders (people, requirements, plans, gaps, leaderboard); spread into hi.ts, typed against orgadmin.en.ts.

import type { orgadminEn } from "./orgadmin.en";

export const orgadminHi: Record<keyof typeof orgadminEn, string> = {
};
