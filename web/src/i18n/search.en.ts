// English strings of search (the header's search box and the results page); spread into en.ts. Every key
// here must exist in search.hi.ts.

export const searchEn = {
  "search.title": "Search",
  "search.label": "Search Karmayogi",
  "search.placeholder": "Courses, people, communities, events",
  "search.submit": "Search",
  "search.typeLabel": "Show",
  "search.hint": "Type at least two letters: a course title or topic, a person's name, a community or an event. Every word must match; the last one may be a beginning.",
  "search.type.all": "Everything",
  "search.type.course": "Courses",
  "search.type.person": "People",
  "search.type.community": "Communities",
  "search.type.event": "Events",
  "search.group.course": "Courses",
  "search.group.person": "People",
  "search.group.community": "Communities",
  "search.group.event": "Events",
  "search.none": "Nothing matches “{q}”.",
  "search.shown": "{count} results for “{q}”",
};
