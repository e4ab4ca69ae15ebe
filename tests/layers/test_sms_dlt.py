"""SMS to India (TRAI DLT): every SMS text the platform sends matches, in English and Hindi, the content
template registered for it (with `{#var#}` variables), and goes out with the DLT entity and template IDs.
Email: addresses SES reported as bounced or complaining are suppressed, and send_email honours the list."""

from __future__ import annotations

import json
import re

import pytest

from functions.events import email_feedback
from karmayogi.domain import notifications
from karmayogi.domain.templates import DLT_VARIABLE_MAX, SMS_DLT, TEMPLATES, render_sms
from local import aws

# Realistic values at DLT's limit and beyond: a long title, the time format of the events hub, a join link.
SAMPLE = {
    "code": "482913",
    "title": "Right to Information Act 2005: a refresher for PIOs",
    "when": "04-01-2030, 10:00 IST",
    "where": "https://meet.example.com/rti-refresher",
}
# The templates the hubs send by SMS (auth OTPs; the events hub's reminders and notices).
SENT_BY_SMS = {"OTP_REGISTER", "OTP_RESET", "OTP_CHANGE", "ACCOUNT_EXISTS", "EVENT_REMINDER_24H", "EVENT_REMINDER_1H",
               "EVENT_CANCELLED", "EVENT_WAITLIST_PROMOTED", "INVITATION"}


def dlt_regex(pattern: str) -> re.Pattern[str]:
    """A DLT content template as a regular expression: literal text, each {#var#} up to 30 characters."""
    parts = [re.escape(part) for part in pattern.split("{#var#}")]
    return re.compile(f"(?:.{{0,{DLT_VARIABLE_MAX}}})".join(parts), re.DOTALL)


def test_every_sms_template_is_registered_in_english_and_hindi():
    assert set(SMS_DLT) == SENT_BY_SMS
    for template, languages in SMS_DLT.items():
        assert set(languages) == {"en", "hi"}, template
        assert set(TEMPLATES[template]) >= {"en", "hi"}, template


@pytest.mark.parametrize("template", sorted(SENT_BY_SMS))
@pytest.mark.parametrize("language", ["en", "hi"])
def test_the_rendered_sms_matches_its_registered_dlt_template(template, language):
    text, registered = render_sms(template, language, SAMPLE)
    assert registered is SMS_DLT[template][language]
    assert dlt_regex(registered.pattern).fullmatch(text), (template, language, text, registered.pattern)
    assert registered.pattern.count("{#var#}") == len(re.findall(r"\{\w+\}", TEMPLATES[template][language].sms))


def test_long_values_are_cut_to_the_dlt_variable_limit():
    text, _ = render_sms("EVENT_CANCELLED", "en", SAMPLE)
    assert text == f"Karmayogi: {SAMPLE['title'][:DLT_VARIABLE_MAX]} on 04-01-2030, 10:00 IST is cancelled."


def test_a_template_without_registration_cannot_go_by_sms():
    with pytest.raises(KeyError):
        render_sms("WELCOME", "en", {"name": "Priya"})


def test_sms_carry_the_sender_id_and_dlt_ids(resources, monkeypatch):
    monkeypatch.setitem(SMS_DLT["OTP_REGISTER"], "hi", SMS_DLT["OTP_REGISTER"]["hi"].__class__(
        "1107000000000000001", SMS_DLT["OTP_REGISTER"]["hi"].pattern))
    attributes = notifications.sms_attributes("OTP_REGISTER", "hi")
    assert attributes["AWS.SNS.SMS.SenderID"]["StringValue"] == "KRMYGI"
    assert attributes["AWS.SNS.SMS.SMSType"]["StringValue"] == "Transactional"
    assert attributes["AWS.MM.SMS.EntityId"]["StringValue"] == "1101000000000000000"  # local/aws.py
    assert attributes["AWS.MM.SMS.TemplateId"]["StringValue"] == "1107000000000000001"
    notifications.send_sms("+919876543210", "OTP_REGISTER", "hi", {"code": "123456"})
    [sms] = aws.sent_messages("+919876543210")
    assert sms["body"] == "123456 आपका कर्मयोगी सत्यापन कोड है। 15 मिनट तक मान्य। इसे साझा न करें।"


def test_a_template_awaiting_its_dlt_id_is_sent_without_it(resources):
    attributes = notifications.sms_attributes("EVENT_CANCELLED", "en")
    if SMS_DLT["EVENT_CANCELLED"]["en"].template_id:
        pytest.skip("registered")
    assert "AWS.MM.SMS.TemplateId" not in attributes
    assert "AWS.MM.SMS.EntityId" in attributes


def _sns_event(*messages: dict) -> dict:
    return {"Records": [{"EventSource": "aws:sns", "Sns": {"Message": json.dumps(m)}} for m in messages]}


def test_bounces_and_complaints_suppress_the_address_and_send_email_skips_it(resources):
    bounced, complained, soft, fine = "gone@dopt.gov.in", "angry@dopt.gov.in", "full@dopt.gov.in", "ok@dopt.gov.in"
    event = _sns_event(
        {"eventType": "Bounce", "bounce": {"bounceType": "Permanent", "bounceSubType": "General",
                                           "bouncedRecipients": [{"emailAddress": bounced}]}},
        {"notificationType": "Complaint", "complaint": {"complaintFeedbackType": "abuse",
                                                        "complainedRecipients": [{"emailAddress": complained}]}},
        {"eventType": "Bounce", "bounce": {"bounceType": "Transient", "bounceSubType": "MailboxFull",
                                           "bouncedRecipients": [{"emailAddress": soft}]}},
        {"eventType": "Delivery", "delivery": {"recipients": [fine]}},
    )
    assert email_feedback.suppressions(event) == ["BOUNCE", "COMPLAINT"]
    assert notifications.is_suppressed("GONE@dopt.gov.in") and notifications.is_suppressed(complained)
    assert not notifications.is_suppressed(soft) and not notifications.is_suppressed(fine)

    for address in (bounced, complained, soft, fine):
        notifications.send_email(address, "WELCOME", "en", {"name": "Priya"})
    assert aws.sent_messages(bounced) == [] and aws.sent_messages(complained) == []
    assert len(aws.sent_messages(soft)) == 1 and len(aws.sent_messages(fine)) == 1

    notifications.unsuppress(bounced)
    notifications.send_email(bounced, "WELCOME", "en", {"name": "Priya"})
    assert len(aws.sent_messages(bounced)) == 1


def test_the_owner_of_a_bounced_address_is_told_in_the_app_once(resources):
    from karmayogi.platform import db, keys
    from tests import factories
    from tests.conftest import ApiClient

    officer = factories.create_user()
    address = "bouncing.officer@dopt.gov.in"
    pk, sk = keys.guard_key("EMAIL", address)
    db.table().put_item(Item={"PK": pk, "SK": sk, "entityType": "UniqueGuard", "kind": "EMAIL",
                              "userId": officer["userId"]})
    bounce = {"eventType": "Bounce", "bounce": {"bounceType": "Permanent", "bounceSubType": "General",
                                                "bouncedRecipients": [{"emailAddress": address}]}}
    email_feedback.suppressions(_sns_event(bounce))
    email_feedback.suppressions(_sns_event(bounce))  # SES reports the next bounce too: one notice is enough
    me = ApiClient().as_user(officer["userId"])
    notices = me.get("/me/notifications").json()["items"]
    assert [n["template"] for n in notices if n.get("template") == "EMAIL_SUPPRESSED"] == ["EMAIL_SUPPRESSED"], notices
    assert notifications.is_suppressed(address)
