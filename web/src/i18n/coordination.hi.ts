// हिन्दी strings of programme coordinators, event organisers and career (batches, approvals, events, openings); spread into hi.ts, typed against coordination.en.ts.

import type { coordinationEn } from "./coordination.en";

export const coordinationHi: Record<keyof typeof coordinationEn, string> = {
};
