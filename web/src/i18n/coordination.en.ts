// English strings of programme coordinators, event organisers and career (batches, approvals, events, openings); spread into en.ts. Every key here must exist in coordination.hi.ts.

export const coordinationEn = {
};
