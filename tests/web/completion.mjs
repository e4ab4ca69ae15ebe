// Through the API, as set-up for journeys that need a learner with a completed course: a fresh learner registers (OTPs read from the
// outbox), fills in the first-login competency profile, and completes the seeded course "Introduction to
// e-Office" (its open batch, its mandatory links, its quiz passed), which issues a certificate.

import { api, apiAs, apiLogin, expect, otpFor } from "./harness.mjs";

export const COURSE = "intro-e-office";
export const COURSE_TITLE = "Introduction to e-Office";
const QUIZ_ANSWERS = { "eo-q1": ["a"], "eo-q2": ["c"], "eo-q3": ["a", "b", "c"], "eo-q4": ["a"] };

export async function ok(response, what) {
  expect(response.status >= 200 && response.status < 300, `${what}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Registers `learner` ({employeeId, name, email, mobile10, password}) with MHA as an ASO and fills in their
 *  first-login competency profile (with `interests`); their access token and user id. */
export async function registerLearner(learner, { interests = [] } = {}) {
  const started = await ok(await api("POST", "/auth/register", {
    employeeId: learner.employeeId, name: learner.name, email: learner.email, mobile: learner.mobile10,
    orgId: "mha", designation: "aso",
  }), "register");
  const id = started.registrationId;
  await ok(await api("POST", `/auth/register/${id}/verify`, { channel: "email", code: await otpFor(learner.email) }), "verify email");
  await ok(await api("POST", `/auth/register/${id}/verify`, { channel: "mobile", code: await otpFor(`+91${learner.mobile10}`) }), "verify mobile");
  const created = await ok(await api("POST", `/auth/register/${id}/password`, { password: learner.password }), "password");
  const token = await apiLogin({ username: learner.email, password: learner.password });
  await ok(await apiAs(token, "PUT", "/me/competency-profile", {
    roles: ["Drafting"], competencies: [{ competencyId: "c-e-office", level: 1 }], desiredCompetencies: [], interests,
  }), "competency profile");
  return { token, userId: created.userId };
}

/** Enrols the learner of `token` in `courseId`'s batch that needs no approval; the enrolment's id once the
 *  enrolment workflow has made it ENROLLED. */
export async function enrol(token, courseId) {
  const batches = (await ok(await apiAs(token, "GET", `/courses/${courseId}/batches`), "batches")).items;
  const open = batches.find((b) => !b.requiresApproval);
  expect(open, `${courseId} has a batch without approval`);
  const { enrolmentId } = await ok(await apiAs(token, "POST", `/courses/${courseId}/enrolments`, { batchId: open.id }), "enrol");
  for (let i = 0; i < 80; i += 1) {
    if ((await ok(await apiAs(token, "GET", `/enrolments/${enrolmentId}`), "enrolment")).status === "ENROLLED") return enrolmentId;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${courseId}: the enrolment did not settle`);
}

/** Completes COURSE as the learner of `token`; the id of the certificate it issued. */
export async function completeCourse(token) {
  const enrolmentId = await enrol(token, COURSE);
  const course = await ok(await apiAs(token, "GET", `/courses/${COURSE}`), "course");
  const contents = course.modules.flatMap((m) => m.contents);
  for (const content of contents.filter((c) => c.type === "link" && c.mandatory)) {
    await ok(await apiAs(token, "PUT", `/enrolments/${enrolmentId}/progress`, { contentId: content.id, status: "completed", progressPercent: 100 }), "progress");
  }
  const quiz = contents.find((c) => c.type === "quiz");
  const passed = await ok(await apiAs(token, "POST", `/courses/${COURSE}/assessments/${quiz.id}/attempts`, { answers: QUIZ_ANSWERS }), "attempt");
  expect(passed.enrolmentStatus === "COMPLETED", `the course completes: ${JSON.stringify(passed)}`);
  return (await ok(await apiAs(token, "GET", `/enrolments/${enrolmentId}`), "enrolment")).certificateId;
}
