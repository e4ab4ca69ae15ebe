// हिन्दी strings of certificates (the PDF download, the verification page's credential check, the profile's
// certificate list); spread into hi.ts, typed against certs.en.ts.

import type { certsEn } from "./certs.en";

export const certsHi: Record<keyof typeof certsEn, string> = {
  "certs.checking": "प्रमाणपत्र के डिजिटल हस्ताक्षर की जाँच हो रही है…",
  "certs.competencies": "दक्षताएँ",
  "certs.downloadPdf": "PDF डाउनलोड करें",
  "certs.downloaded": "प्रमाणपत्र की PDF डाउनलोड हो गई है।",
  "certs.forAttending": "ने कार्यक्रम में भाग लिया है",
  "certs.howVerified": "आपके ब्राउज़र में जाँचा गया: प्रमाणपत्र का सत्यापन-योग्य क्रेडेंशियल प्लेटफ़ॉर्म की प्रकाशित कुंजी से हस्ताक्षरित है।",
  "certs.issuedBy": "जारीकर्ता: {issuer}",
  "certs.kindEvent": "कार्यक्रम",
  "certs.level": "स्तर {level}",
  "certs.noneShown": "अभी कोई प्रमाणपत्र नहीं।",
  "certs.onProfile": "प्रमाणपत्र",
  "certs.showHint": "साइन इन किया हुआ कोई भी व्यक्ति जो आपकी प्रोफ़ाइल खोलेगा, वह आपके प्रमाणपत्रों के शीर्षक और तिथियाँ देखेगा, हर एक अपने सत्यापन पेज से जुड़ा हुआ।",
  "certs.showOnProfile": "मेरे प्रमाणपत्र मेरी सार्वजनिक प्रोफ़ाइल पर दिखाएँ",
  "certs.showSaved": "आपकी प्रोफ़ाइल सेटिंग सहेज ली गई है।",
  "certs.revoked": "यह प्रमाणपत्र {date} को रद्द कर दिया गया था।",
  "certs.tampered": "इस प्रमाणपत्र का हस्ताक्षर मेल नहीं खाता: इसमें बदलाव किया गया है और यह मान्य नहीं है।",
  "certs.verified": "मान्य: डिजिटल हस्ताक्षर जारीकर्ता की कुंजी से मेल खाता है।",
  "certs.revokeButton": "प्रमाणपत्र रद्द करें",
  "certs.revokeCancel": "वापस जाएँ",
  "certs.revokeDone": "प्रमाणपत्र रद्द कर दिया गया है।",
  "certs.revokeHint": "{min} से {max} वर्णों के बीच। यह प्रमाणपत्र के साथ रखा जाता है और सार्वजनिक रूप से नहीं दिखाया जाता; धारक को बताया जाता है कि प्रमाणपत्र रद्द हुआ।",
  "certs.revokeNext": "आगे बढ़ें",
  "certs.revokeNo": "नहीं, इसे रहने दें",
  "certs.revokeQuestion": "क्या यह प्रमाणपत्र रद्द करना है? इसके सत्यापन पृष्ठ पर यह रद्द दिखाया जाएगा। इसे पलटा नहीं जा सकता।",
  "certs.revokeReason": "रद्द करने का कारण",
  "certs.revokeTitle": "यह प्रमाणपत्र रद्द करें",
  "certs.revokeTooShort": "कम से कम {min} वर्णों का कारण दें।",
  "certs.revokeYes": "हाँ, रद्द करें",
  "certs.revokedBadge": "रद्द",
};
