// An author's own post: "Edit" opens an inline form (title and tags for a topic, the body for both) sent as
// PATCH /posts/{postId} with the version read; "Delete" asks for confirmation first, then DELETE. The server
// decides who may (the author only; a hidden post cannot be edited).

import { api, seg } from "../api";
import { act } from "../components";
import { h } from "../dom";
import { field, form, submitButton, submitting, textarea, values } from "../forms";
import { t } from "../i18n";
import { announce } from "../status";
import { splitTags, statusLine } from "./community-admin";

export interface EditablePost {
  id: string;
  kind?: string;
  title?: string;
  body: string;
  tags?: string[];
  version?: number;
  hidden?: boolean;
}

export function ownPostControls<P extends EditablePost>(
  post: P,
  label: string,
  changed: (updated: P) => void,
  deleted: () => void,
): HTMLElement {
  const isTopic = post.title !== undefined;
  const status = statusLine();
  const box = h("div", { class: "own-post actions" });
  const edit = h("button", { type: "button", class: "secondary", "aria-expanded": "false" }, t("post.edit"));
  edit.setAttribute("aria-label", `${t("post.edit")}: ${label}`);
  const remove = h("button", { type: "button", class: "secondary danger" }, t("post.delete"));
  remove.setAttribute("aria-label", `${t("post.delete")}: ${label}`);

  const cancelEdit = h("button", { type: "button", class: "secondary" }, t("post.cancel"));
  const editForm = form(
    {
      class: "stack post-edit-form",
      hidden: true,
      "aria-label": t("post.editFormLabel", { label }),
      onSubmit: (event: Event) => {
        event.preventDefault();
        void submitting(editForm, async () => {
          const v = values(editForm);
          const body: Record<string, unknown> = { version: post.version ?? 1, body: v.body };
          if (isTopic) {
            body.title = v.title;
            body.tags = splitTags(v.tags ?? "");
          }
          const updated = await api.patch<P>(`/posts/${seg(post.id)}`, body);
          announce(t("post.saved"));
          changed({ ...post, ...updated });
        }, t("status.saving"));
      },
    },
    isTopic ? field({ label: t("post.title"), name: "title", required: true, maxlength: 200, value: post.title }) : null,
    textarea({ label: t("post.body"), name: "body", required: true, maxlength: 10000, value: post.body }),
    isTopic ? field({ label: t("post.tags"), name: "tags", value: (post.tags ?? []).join(", ") }) : null,
    h("div", { class: "actions" }, submitButton(t("post.save")), cancelEdit),
  );
  const toggleEdit = (show: boolean) => {
    editForm.hidden = !show;
    edit.setAttribute("aria-expanded", String(show));
    if (show) editForm.querySelector<HTMLElement>("input, textarea")?.focus();
    else edit.focus();
  };
  edit.addEventListener("click", () => toggleEdit(editForm.hidden));
  cancelEdit.addEventListener("click", () => toggleEdit(false));

  const confirmDelete = h("button", { type: "button", class: "danger" }, t("post.deleteConfirm"));
  const keep = h("button", { type: "button", class: "secondary" }, t("post.keep"));
  const confirmBox = h(
    "div",
    { class: "confirm", role: "group", "aria-label": t("post.deleteQuestion"), hidden: true },
    h("p", null, t("post.deleteQuestion")),
    h("div", { class: "actions" }, confirmDelete, keep),
  );
  remove.addEventListener("click", () => {
    confirmBox.hidden = false;
    confirmDelete.focus();
  });
  keep.addEventListener("click", () => {
    confirmBox.hidden = true;
    remove.focus();
  });
  confirmDelete.addEventListener("click", () => void act(confirmDelete, async () => {
    await api.del(`/posts/${seg(post.id)}?version=${post.version ?? 1}`);
    announce(t("post.deleted"));
    deleted();
  }, {}, status));

  if (!post.hidden) box.append(edit);
  box.append(remove);
  return h("div", { class: "own-post-box" }, box, editForm, confirmBox, status);
}
