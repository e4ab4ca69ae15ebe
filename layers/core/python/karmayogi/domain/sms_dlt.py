"""SMS to India: the DLT registration of every SMS text the platform sends (karmayogi.domain.templates holds
the texts; this module the registered patterns they must match)."""

from __future__ import annotations

from dataclasses import dataclass

# ---- SMS to India: the DLT registration of every SMS text the platform sends -----------------------------
# TRAI's DLT rules: operators deliver an SMS to an Indian number only if it matches, character for character,
# a content template registered by the sender's entity, with each variable written `{#var#}` (at most
# DLT_VARIABLE_MAX characters). Each registered template (one per language) has a DLT template ID that is sent
# with the message (AWS.MM.SMS.TemplateId). Register the pattern below as it is; when DLT approves it, put its
# ID here (docs/runbook.md § 5). An empty ID is a template still waiting for approval. Changing an SMS text
# above means registering it again: tests/layers/test_sms_dlt.py fails until the pattern here matches.
DLT_VARIABLE_MAX = 30


@dataclass(frozen=True)
class DltTemplate:
    template_id: str
    pattern: str


SMS_DLT: dict[str, dict[str, DltTemplate]] = {
    "OTP_REGISTER": {
        "en": DltTemplate("", "{#var#} is your Karmayogi verification code. Valid for 15 minutes. Do not share it."),
        "hi": DltTemplate("", "{#var#} आपका कर्मयोगी सत्यापन कोड है। 15 मिनट तक मान्य। इसे साझा न करें।"),
    },
    "OTP_RESET": {
        "en": DltTemplate("", "{#var#} is your Karmayogi password reset code. Valid for 15 minutes."),
        "hi": DltTemplate("", "{#var#} आपका कर्मयोगी पासवर्ड रीसेट कोड है। 15 मिनट तक मान्य।"),
    },
    "OTP_CHANGE": {
        "en": DltTemplate("", "{#var#} confirms this number on Karmayogi. Valid for 15 minutes."),
        "hi": DltTemplate("", "{#var#} कर्मयोगी पर इस नंबर की पुष्टि करता है। 15 मिनट तक मान्य।"),
    },
    "ACCOUNT_EXISTS": {
        "en": DltTemplate("", "Karmayogi: an account with these details exists already, so no code was sent. "
                              "Sign in or use Forgot password."),
        "hi": DltTemplate("", "कर्मयोगी: इन विवरणों वाला खाता पहले से मौजूद है, इसलिए कोई कोड नहीं भेजा गया। "
                              "साइन इन करें या पासवर्ड भूल गए का उपयोग करें।"),
    },
    "EVENT_REMINDER_24H": {
        "en": DltTemplate("", "Karmayogi: {#var#} starts {#var#}. {#var#}"),
        "hi": DltTemplate("", "कर्मयोगी: {#var#} {#var#} को शुरू होगा। {#var#}"),
    },
    "EVENT_REMINDER_1H": {
        "en": DltTemplate("", "Karmayogi: {#var#} starts in 1 hour ({#var#}). {#var#}"),
        "hi": DltTemplate("", "कर्मयोगी: {#var#} 1 घंटे में शुरू होगा ({#var#})। {#var#}"),
    },
    "EVENT_CANCELLED": {
        "en": DltTemplate("", "Karmayogi: {#var#} on {#var#} is cancelled."),
        "hi": DltTemplate("", "कर्मयोगी: {#var#} को होने वाला {#var#} रद्द हो गया है।"),
    },
    "EVENT_WAITLIST_PROMOTED": {
        "en": DltTemplate("", "Karmayogi: you are now registered for {#var#} on {#var#}."),
        "hi": DltTemplate("", "कर्मयोगी: अब आप {#var#} को होने वाले {#var#} के लिए पंजीकृत हैं।"),
    },
    "INVITATION": {
        "en": DltTemplate("", "Karmayogi: {#var#} invites you. Your invitation code is {#var#}. Valid for 14 days."),
        "hi": DltTemplate("", "कर्मयोगी: {#var#} आपको आमंत्रित करता है। आपका आमंत्रण कोड {#var#} है। 14 दिन तक मान्य।"),
    },
}
