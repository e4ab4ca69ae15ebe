// Hindi strings of search (the header's search box and the results page); spread into hi.ts.

import type { searchEn } from "./search.en";

export const searchHi: Record<keyof typeof searchEn, string> = {
  "search.title": "खोज",
  "search.label": "कर्मयोगी में खोजें",
  "search.placeholder": "पाठ्यक्रम, लोग, समुदाय, कार्यक्रम",
  "search.submit": "खोजें",
  "search.typeLabel": "दिखाएँ",
  "search.hint": "कम से कम दो अक्षर लिखें: पाठ्यक्रम का शीर्षक या विषय, किसी व्यक्ति का नाम, कोई समुदाय या कार्यक्रम। हर शब्द मेल खाना चाहिए; अंतिम शब्द अधूरा भी हो सकता है।",
  "search.type.all": "सब कुछ",
  "search.type.course": "पाठ्यक्रम",
  "search.type.person": "लोग",
  "search.type.community": "समुदाय",
  "search.type.event": "कार्यक्रम",
  "search.group.course": "पाठ्यक्रम",
  "search.group.person": "लोग",
  "search.group.community": "समुदाय",
  "search.group.event": "कार्यक्रम",
  "search.none": "“{q}” से कुछ मेल नहीं खाता।",
  "search.shown": "“{q}” के {count} परिणाम",
};
