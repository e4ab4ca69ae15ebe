"""Bilingual (English, Hindi) texts of every message the platform sends or shows.

Each template has a subject (email and in-app title), a body (email and in-app text) and an SMS text.
Placeholders use `{name}`; a missing value renders as an empty string rather than failing a send.
Hubs add their templates to their section below."""

from __future__ import annotations

from dataclasses import dataclass

# The DLT registrations live in their own module; these names stay importable from here.
from karmayogi.domain.sms_dlt import DLT_VARIABLE_MAX, SMS_DLT, DltTemplate

__all__ = [
    "DLT_VARIABLE_MAX",
    "SMS_DLT",
    "TEMPLATES",
    "DltTemplate",
    "Text",
    "render",
    "render_sms",
    "sms_language",
]


@dataclass(frozen=True)
class Text:
    subject: str
    body: str
    sms: str


TEMPLATES: dict[str, dict[str, Text]] = {
    # ---- auth hub ----
    "OTP_REGISTER": {
        "en": Text(
            "Your Karmayogi verification code",
            "Your verification code is {code}. It expires in 15 minutes. Do not share it with anyone.",
            "{code} is your Karmayogi verification code. Valid for 15 minutes. Do not share it.",
        ),
        "hi": Text(
            "आपका कर्मयोगी सत्यापन कोड",
            "आपका सत्यापन कोड {code} है। यह 15 मिनट में समाप्त हो जाएगा। इसे किसी के साथ साझा न करें।",
            "{code} आपका कर्मयोगी सत्यापन कोड है। 15 मिनट तक मान्य। इसे साझा न करें।",
        ),
    },
    "OTP_RESET": {
        "en": Text(
            "Reset your Karmayogi password",
            "Your password reset code is {code}. It expires in 15 minutes. If you did not ask for it, ignore this.",
            "{code} is your Karmayogi password reset code. Valid for 15 minutes.",
        ),
        "hi": Text(
            "अपना कर्मयोगी पासवर्ड रीसेट करें",
            "आपका पासवर्ड रीसेट कोड {code} है। यह 15 मिनट में समाप्त हो जाएगा। यदि आपने यह नहीं माँगा, तो इसे अनदेखा करें।",
            "{code} आपका कर्मयोगी पासवर्ड रीसेट कोड है। 15 मिनट तक मान्य।",
        ),
    },
    "OTP_CHANGE": {
        "en": Text(
            "Confirm your new contact detail",
            "Your code to confirm this address on Karmayogi is {code}. It expires in 15 minutes.",
            "{code} confirms this number on Karmayogi. Valid for 15 minutes.",
        ),
        "hi": Text(
            "अपना नया संपर्क विवरण पुष्टि करें",
            "कर्मयोगी पर इस पते की पुष्टि के लिए आपका कोड {code} है। यह 15 मिनट में समाप्त हो जाएगा।",
            "{code} कर्मयोगी पर इस नंबर की पुष्टि करता है। 15 मिनट तक मान्य।",
        ),
    },
    "ACCOUNT_EXISTS": {  # instead of a code, when a registration's details belong to an account already
        "en": Text(
            "You already have a Karmayogi account",
            "A Karmayogi registration was started with this address, but an account with these details exists "
            "already: no code was sent and no new account will be made. If it was you, sign in, or use "
            "\"Forgot password\" to set a new password. If it was not you, ignore this message.",
            "Karmayogi: an account with these details exists already, so no code was sent. Sign in or use "
            "Forgot password.",
        ),
        "hi": Text(
            "आपका कर्मयोगी खाता पहले से है",
            "इस पते से कर्मयोगी पर एक पंजीकरण शुरू किया गया, लेकिन इन विवरणों वाला खाता पहले से मौजूद है: कोई "
            "कोड नहीं भेजा गया और कोई नया खाता नहीं बनेगा। यदि यह आप थे, तो साइन इन करें, या नया पासवर्ड सेट "
            "करने के लिए \"पासवर्ड भूल गए\" का उपयोग करें। यदि यह आप नहीं थे, तो इस संदेश को अनदेखा करें।",
            "कर्मयोगी: इन विवरणों वाला खाता पहले से मौजूद है, इसलिए कोई कोड नहीं भेजा गया। साइन इन करें या "
            "पासवर्ड भूल गए का उपयोग करें।",
        ),
    },
    "DESIGNATION_APPROVED": {
        "en": Text("Your designation was updated",
                   "Your organisation approved your designation: {designation}.",
                   "Karmayogi: your designation is now {designation}."),
        "hi": Text("आपका पदनाम अद्यतन हुआ",
                   "आपके संगठन ने आपके पदनाम को स्वीकृति दी: {designation}।",
                   "कर्मयोगी: आपका पदनाम अब {designation} है।"),
    },
    "DESIGNATION_REJECTED": {
        "en": Text("Your designation change was not approved",
                   "Your organisation did not approve the change of your designation to {designation}. {reason}",
                   "Karmayogi: your designation change to {designation} was not approved."),
        "hi": Text("आपके पदनाम परिवर्तन को स्वीकृति नहीं मिली",
                   "आपके संगठन ने आपके पदनाम को {designation} में बदलने को स्वीकृति नहीं दी। {reason}",
                   "कर्मयोगी: आपके पदनाम को {designation} में बदलने को स्वीकृति नहीं मिली।"),
    },
    "INVITATION": {
        "en": Text("{org} invites you to Karmayogi",
                   "Namaste {name}, {org} has registered you on Karmayogi, the learning platform for civil servants. "
                   "Your invitation code is {code}. Open Karmayogi, choose \"I have an invitation\", enter the "
                   "code, confirm your email and mobile, and set a password. The code works for 14 days.",
                   "Karmayogi: {org} invites you. Your invitation code is {code}. Valid for 14 days."),
        "hi": Text("{org} आपको कर्मयोगी पर आमंत्रित करता है",
                   "नमस्ते {name}, {org} ने आपको लोक सेवकों के शिक्षण मंच कर्मयोगी पर पंजीकृत किया है। आपका आमंत्रण कोड "
                   "{code} है। कर्मयोगी खोलें, \"मेरे पास आमंत्रण है\" चुनें, कोड डालें, अपना ईमेल और मोबाइल पुष्टि करें "
                   "और पासवर्ड बनाएँ। कोड 14 दिन तक मान्य है।",
                   "कर्मयोगी: {org} आपको आमंत्रित करता है। आपका आमंत्रण कोड {code} है। 14 दिन तक मान्य।"),
    },
    "MEMBERSHIP_APPROVED": {
        "en": Text("Welcome to {org}",
                   "{org} approved your membership: its courses, events and communities are open to you now.",
                   "Karmayogi: {org} approved your membership."),
        "hi": Text("{org} में आपका स्वागत है",
                   "{org} ने आपकी सदस्यता को स्वीकृति दी: इसके पाठ्यक्रम, कार्यक्रम और समुदाय अब आपके लिए खुले हैं।",
                   "कर्मयोगी: {org} ने आपकी सदस्यता को स्वीकृति दी।"),
    },
    "TRANSFER_ACCEPTED": {
        "en": Text("You have moved to {org}",
                   "Your transfer to {org} is complete. Your learning, karma points and certificates came with you; "
                   "roles you held in your previous organisation did not. Sign in again if the app asks you to.",
                   "Karmayogi: your transfer to {org} is complete."),
        "hi": Text("आप {org} में स्थानांतरित हो गए हैं",
                   "{org} में आपका स्थानांतरण पूरा हुआ। आपकी पढ़ाई, कर्म अंक और प्रमाणपत्र आपके साथ आए हैं; पिछले "
                   "संगठन में आपकी भूमिकाएँ नहीं। ऐप कहे तो फिर से साइन इन करें।",
                   "कर्मयोगी: {org} में आपका स्थानांतरण पूरा हुआ।"),
    },
    "MEMBERSHIP_REJECTED": {
        "en": Text("Your request to join {org} was not approved",
                   "{org} did not approve your membership. {reason} You can still take the courses open to "
                   "everyone; ask your organisation's administrator for a registration link.",
                   "Karmayogi: {org} did not approve your membership."),
        "hi": Text("{org} से जुड़ने का आपका अनुरोध स्वीकृत नहीं हुआ",
                   "{org} ने आपकी सदस्यता को स्वीकृति नहीं दी। {reason} आप अब भी सबके लिए खुले पाठ्यक्रम ले सकते "
                   "हैं; पंजीकरण लिंक के लिए अपने संगठन के व्यवस्थापक से संपर्क करें।",
                   "कर्मयोगी: {org} ने आपकी सदस्यता को स्वीकृति नहीं दी।"),
    },
    "WELCOME": {
        "en": Text("Welcome to Karmayogi", "Welcome, {name}. Your account is ready.", "Welcome to Karmayogi, {name}."),
        "hi": Text("कर्मयोगी में आपका स्वागत है", "स्वागत है, {name}। आपका खाता तैयार है।", "कर्मयोगी में स्वागत है, {name}।"),
    },
    # ---- learning hub ----
    "ENROLMENT_ENROLLED": {
        "en": Text(
            "You are enrolled: {course}",
            "You are enrolled in {course} (batch {batch}). The batch runs from {startDate} to {endDate}. "
            "Happy learning!",
            "Karmayogi: you are enrolled in {course}, batch {batch}.",
        ),
        "hi": Text(
            "आपका नामांकन हो गया: {course}",
            "आपका नामांकन {course} (बैच {batch}) में हो गया है। बैच {startDate} से {endDate} तक चलेगा। "
            "शुभकामनाएँ!",
            "कर्मयोगी: {course}, बैच {batch} में आपका नामांकन हो गया है।",
        ),
    },
    "ENROLMENT_WAITLISTED": {
        "en": Text(
            "You are on the waiting list: {course}",
            "Batch {batch} of {course} is full, so you are on its waiting list. If a seat becomes free, "
            "it is yours in the order of the list and we will tell you.",
            "Karmayogi: batch {batch} of {course} is full; you are on the waiting list.",
        ),
        "hi": Text(
            "आप प्रतीक्षा सूची में हैं: {course}",
            "{course} का बैच {batch} भर गया है, इसलिए आप उसकी प्रतीक्षा सूची में हैं। सीट खाली होने पर "
            "सूची के क्रम में वह आपको मिलेगी और हम आपको सूचित करेंगे।",
            "कर्मयोगी: {course} का बैच {batch} भर गया है; आप प्रतीक्षा सूची में हैं।",
        ),
    },
    "ENROLMENT_PENDING_APPROVAL": {
        "en": Text(
            "Your enrolment awaits approval: {course}",
            "Your request to join batch {batch} of {course} needs the approval of your organisation. "
            "A seat is held for you until {expiresOn}.",
            "Karmayogi: your request for {course} awaits approval.",
        ),
        "hi": Text(
            "आपका नामांकन अनुमोदन की प्रतीक्षा में है: {course}",
            "{course} के बैच {batch} में शामिल होने के आपके अनुरोध को आपके संगठन का अनुमोदन चाहिए। "
            "{expiresOn} तक आपके लिए एक सीट आरक्षित है।",
            "कर्मयोगी: {course} के लिए आपका अनुरोध अनुमोदन की प्रतीक्षा में है।",
        ),
    },
    "ENROLMENT_REJECTED": {
        "en": Text(
            "Your enrolment was not accepted: {course}",
            "Your request to join batch {batch} of {course} was not accepted. Reason: {reason}",
            "Karmayogi: your request for {course} was not accepted.",
        ),
        "hi": Text(
            "आपका नामांकन स्वीकार नहीं हुआ: {course}",
            "{course} के बैच {batch} में शामिल होने का आपका अनुरोध स्वीकार नहीं हुआ। कारण: {reason}",
            "कर्मयोगी: {course} के लिए आपका अनुरोध स्वीकार नहीं हुआ।",
        ),
    },
    "ENROLMENT_EXPIRED": {
        "en": Text(
            "Your enrolment request expired: {course}",
            "Nobody decided on your request to join batch {batch} of {course} within 14 days, so it has "
            "expired and the seat was released. You may request again.",
            "Karmayogi: your request for {course} expired after 14 days.",
        ),
        "hi": Text(
            "आपका नामांकन अनुरोध समाप्त हो गया: {course}",
            "{course} के बैच {batch} में शामिल होने के आपके अनुरोध पर 14 दिनों में निर्णय नहीं हुआ, इसलिए "
            "वह समाप्त हो गया और सीट मुक्त कर दी गई। आप फिर से अनुरोध कर सकते हैं।",
            "कर्मयोगी: {course} के लिए आपका अनुरोध 14 दिन बाद समाप्त हो गया।",
        ),
    },
    "CERTIFICATE_ISSUED": {
        "en": Text(
            "Certificate: {course}",
            "Congratulations, {name}! You have completed {course}. Your certificate {certificateId} can be "
            "verified by anyone at /certificates/{certificateId}. You earned {points} karma points.",
            "Karmayogi: you completed {course}. Certificate {certificateId}.",
        ),
        "hi": Text(
            "प्रमाणपत्र: {course}",
            "बधाई हो, {name}! आपने {course} पूरा कर लिया है। आपका प्रमाणपत्र {certificateId} कोई भी "
            "/certificates/{certificateId} पर सत्यापित कर सकता है। आपको {points} कर्म अंक मिले।",
            "कर्मयोगी: आपने {course} पूरा किया। प्रमाणपत्र {certificateId}।",
        ),
    },
    # Params: course, certificateId, date (of the revocation). In the app and by email only (no SMS).
    "CERTIFICATE_REVOKED": {
        "en": Text(
            "Certificate revoked: {course}",
            "Your certificate {certificateId} for {course} was revoked on {date} by the organisation that issued "
            "it. Its verification page now shows it as revoked. Contact your organisation's admin to know why.",
            "Karmayogi: your certificate {certificateId} for {course} was revoked.",
        ),
        "hi": Text(
            "प्रमाणपत्र रद्द किया गया: {course}",
            "{course} के लिए आपका प्रमाणपत्र {certificateId} जारी करने वाले संगठन ने {date} को रद्द कर दिया है। "
            "उसके सत्यापन पृष्ठ पर अब वह रद्द दिखाया जाता है। कारण जानने के लिए अपने संगठन के व्यवस्थापक से संपर्क करें।",
            "कर्मयोगी: {course} के लिए आपका प्रमाणपत्र {certificateId} रद्द कर दिया गया है।",
        ),
    },
    # ---- competency and career hubs ----
    # Params: name (the plan's name), due (its due date as given).
    "PLAN_ASSIGNED": {
        "en": Text(
            "New competency building plan: {name}",
            "Your organisation has assigned you the plan {name}. Complete its courses by {due}.",
            "Karmayogi: plan {name} assigned to you. Complete it by {due}.",
        ),
        "hi": Text(
            "नई क्षमता निर्माण योजना: {name}",
            "आपके संगठन ने आपको योजना {name} सौंपी है। इसके पाठ्यक्रम {due} तक पूरे करें।",
            "कर्मयोगी: योजना {name} आपको सौंपी गई। इसे {due} तक पूरा करें।",
        ),
    },
    # Params: title (the opening's title), name (the applicant's name).
    "APPLICATION_SUBMITTED": {
        "en": Text(
            "Application received: {title}",
            "Dear {name}, your application for {title} has been received. We will tell you when its status changes.",
            "Karmayogi: your application for {title} has been received.",
        ),
        "hi": Text(
            "आवेदन प्राप्त हुआ: {title}",
            "प्रिय {name}, {title} के लिए आपका आवेदन प्राप्त हो गया है। इसकी स्थिति बदलने पर हम आपको सूचित करेंगे।",
            "कर्मयोगी: {title} के लिए आपका आवेदन प्राप्त हुआ।",
        ),
    },
    "APPLICATION_SHORTLISTED": {
        "en": Text(
            "Shortlisted: {title}",
            "Dear {name}, you have been shortlisted for {title}. The organisation will contact you about next steps.",
            "Karmayogi: you are shortlisted for {title}.",
        ),
        "hi": Text(
            "शॉर्टलिस्ट किया गया: {title}",
            "प्रिय {name}, आपको {title} के लिए शॉर्टलिस्ट किया गया है। संगठन अगले चरणों के बारे में आपसे संपर्क करेगा।",
            "कर्मयोगी: आपको {title} के लिए शॉर्टलिस्ट किया गया है।",
        ),
    },
    "APPLICATION_SELECTED": {
        "en": Text(
            "Selected: {title}",
            "Congratulations {name}, you have been selected for {title}.",
            "Karmayogi: congratulations, you are selected for {title}.",
        ),
        "hi": Text(
            "चयनित: {title}",
            "बधाई हो {name}, आपको {title} के लिए चुना गया है।",
            "कर्मयोगी: बधाई हो, आपको {title} के लिए चुना गया है।",
        ),
    },
    "APPLICATION_REJECTED": {
        "en": Text(
            "Application update: {title}",
            "Dear {name}, thank you for applying for {title}. The organisation has decided not to take your "
            "application further this time.",
            "Karmayogi: your application for {title} was not taken further this time.",
        ),
        "hi": Text(
            "आवेदन की स्थिति: {title}",
            "प्रिय {name}, {title} के लिए आवेदन करने के लिए धन्यवाद। संगठन ने इस बार आपके आवेदन को आगे न बढ़ाने का निर्णय लिया है।",
            "कर्मयोगी: {title} के लिए आपका आवेदन इस बार आगे नहीं बढ़ाया गया।",
        ),
    },
    # ---- discussion and network hubs ----
    "DISCUSSION_REPLY": {
        "en": Text("New reply to your topic", "{name} replied to your topic \"{title}\".",
                   "{name} replied to your topic on Karmayogi."),
        "hi": Text("आपके विषय पर नया उत्तर", "{name} ने आपके विषय \"{title}\" पर उत्तर दिया।",
                   "{name} ने कर्मयोगी पर आपके विषय पर उत्तर दिया।"),
    },
    "COMMUNITY_INVITATION": {
        "en": Text("You are invited to a community", "{name} invited you to join the community \"{community}\".",
                   "You are invited to the Karmayogi community {community}."),
        "hi": Text("आपको एक समुदाय में आमंत्रित किया गया है",
                   "{name} ने आपको समुदाय \"{community}\" से जुड़ने के लिए आमंत्रित किया है।",
                   "आपको कर्मयोगी समुदाय {community} में आमंत्रित किया गया है।"),
    },
    "POST_HIDDEN": {
        "en": Text("Your post was hidden", "Your post \"{title}\" was hidden after review by the community's moderation.",
                   "Your Karmayogi post was hidden by moderation."),
        "hi": Text("आपकी पोस्ट छिपा दी गई", "समुदाय के मॉडरेशन के बाद आपकी पोस्ट \"{title}\" छिपा दी गई है।",
                   "आपकी कर्मयोगी पोस्ट मॉडरेशन द्वारा छिपा दी गई है।"),
    },
    "POST_RESTORED": {
        "en": Text("Your post was restored", "A moderator restored your post \"{title}\".",
                   "Your Karmayogi post was restored."),
        "hi": Text("आपकी पोस्ट पुनः दिखाई गई", "एक मॉडरेटर ने आपकी पोस्ट \"{title}\" पुनः दिखा दी है।",
                   "आपकी कर्मयोगी पोस्ट पुनः दिखा दी गई है।"),
    },
    "CONNECTION_REQUEST": {
        "en": Text("New connection request", "{name} wants to connect with you on Karmayogi.",
                   "{name} wants to connect with you on Karmayogi."),
        "hi": Text("नया संपर्क अनुरोध", "{name} कर्मयोगी पर आपसे जुड़ना चाहते हैं।",
                   "{name} कर्मयोगी पर आपसे जुड़ना चाहते हैं।"),
    },
    "CONNECTION_ACCEPTED": {
        "en": Text("Connection accepted", "{name} accepted your connection request.",
                   "{name} accepted your Karmayogi connection request."),
        "hi": Text("संपर्क अनुरोध स्वीकार", "{name} ने आपका संपर्क अनुरोध स्वीकार कर लिया।",
                   "{name} ने आपका कर्मयोगी संपर्क अनुरोध स्वीकार कर लिया।"),
    },
    # ---- events hub ----
    # Params: title (the event's title), when ("dd-mm-yyyy, hh:mm IST"), where (the venue or the join link).
    "EVENT_REMINDER_24H": {
        "en": Text(
            "Tomorrow: {title}",
            "A reminder that {title} starts on {when}. Where: {where}",
            "Karmayogi: {title} starts {when}. {where}",
        ),
        "hi": Text(
            "कल: {title}",
            "स्मरण: {title} {when} को शुरू होगा। स्थान: {where}",
            "कर्मयोगी: {title} {when} को शुरू होगा। {where}",
        ),
    },
    "EVENT_REMINDER_1H": {
        "en": Text(
            "Starting in an hour: {title}",
            "{title} starts in about an hour, on {when}. Where: {where}",
            "Karmayogi: {title} starts in 1 hour ({when}). {where}",
        ),
        "hi": Text(
            "एक घंटे में शुरू: {title}",
            "{title} लगभग एक घंटे में, {when} को शुरू होगा। स्थान: {where}",
            "कर्मयोगी: {title} 1 घंटे में शुरू होगा ({when})। {where}",
        ),
    },
    "EVENT_CANCELLED": {
        "en": Text(
            "Cancelled: {title}",
            "{title}, planned for {when}, has been cancelled by its organiser. Your registration is withdrawn.",
            "Karmayogi: {title} on {when} is cancelled.",
        ),
        "hi": Text(
            "रद्द: {title}",
            "{when} को होने वाला {title} आयोजक द्वारा रद्द कर दिया गया है। आपका पंजीकरण वापस ले लिया गया है।",
            "कर्मयोगी: {when} को होने वाला {title} रद्द हो गया है।",
        ),
    },
    "EMAIL_SUPPRESSED": {
        "en": Text(
            "Your email address needs attention",
            "Mail to your email address could not be delivered (or was reported as unwanted), so the platform "
            "has stopped sending to it. Change your email in your profile to receive codes, reminders and "
            "certificates by mail again.",
            "Karmayogi: mail to your email address is not being delivered. Update it in your profile.",
        ),
        "hi": Text(
            "आपके ईमेल पते पर ध्यान देने की आवश्यकता है",
            "आपके ईमेल पते पर मेल नहीं पहुँच सका (या उसे अवांछित बताया गया), इसलिए प्लेटफ़ॉर्म ने उस पर मेल भेजना "
            "बंद कर दिया है। कोड, अनुस्मारक और प्रमाणपत्र फिर से मेल से पाने के लिए अपनी प्रोफ़ाइल में ईमेल बदलें।",
            "कर्मयोगी: आपके ईमेल पते पर मेल नहीं पहुँच रहा है। इसे अपनी प्रोफ़ाइल में बदलें।",
        ),
    },
    "EVENT_WAITLIST_PROMOTED": {
        "en": Text(
            "You have a seat: {title}",
            "A seat opened up and you are now registered for {title} on {when}. Where: {where}",
            "Karmayogi: you are now registered for {title} on {when}.",
        ),
        "hi": Text(
            "आपको सीट मिल गई: {title}",
            "एक सीट खाली हुई और अब आप {when} को होने वाले {title} के लिए पंजीकृत हैं। स्थान: {where}",
            "कर्मयोगी: अब आप {when} को होने वाले {title} के लिए पंजीकृत हैं।",
        ),
    },
}


class _Blank(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return ""


def render(template: str, language: str, params: dict[str, object]) -> Text:
    """The template in `language` (English when Hindi is not there), with `params` filled in."""
    versions = TEMPLATES[template]
    text = versions.get(language) or versions["en"]
    values = _Blank(params)
    return Text(
        text.subject.format_map(values), text.body.format_map(values), text.sms.format_map(values)
    )


def sms_language(template: str, language: str) -> str:
    """The language an SMS is sent in: the asked one when the template has it, else English."""
    return language if language in TEMPLATES[template] else "en"


def render_sms(template: str, language: str, params: dict[str, object]) -> tuple[str, DltTemplate]:
    """The SMS text and the DLT template it is registered as. Each value is cut to DLT_VARIABLE_MAX
    characters (a longer variable does not match the registered template, and operators drop the SMS).
    KeyError: the template has no DLT registration (it must not be sent by SMS)."""
    language = sms_language(template, language)
    registered = SMS_DLT[template][language]
    values = {name: str(value)[:DLT_VARIABLE_MAX] for name, value in params.items()}
    return TEMPLATES[template][language].sms.format_map(_Blank(values)), registered
