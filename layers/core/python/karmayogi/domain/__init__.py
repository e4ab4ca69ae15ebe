"""The shared domain modules: rules that several hubs must apply identically, each owned by one hub.

| module | owner | what it holds | touches the table |
|---|---|---|---|
| `completions` | learning | what a course completion writes (certificate, karma, completion record, passbook) and the recommendations built from completions | yes: builds transaction operations; reads completions |
| `karma` | learning | the karma ledger, totals and the monthly leaderboard | yes: builds transaction operations |
| `passbook` | competency | passbook entries, the summary and the gap counters | yes: builds operations, reads entries, syncs the summary |
| `notifications`, `templates` | events | in-app notices, email and SMS with their bilingual templates | yes: the in-app notice and the unread counter |
| `sms_budget` | auth | the platform's daily SMS budget that every SMS counts against | yes: its sharded counter per day |
| `people_index` | network | the items that make a person findable and recommendable | no: builds items and operations only |
| `profiles` | auth | the shape of the user profile item | no: builds the item only |
| `search` | network | the word index used by people, course and community search | yes: queries the index |
| `refcache` | auth (directory), competency (framework) | the per-container cache of reference data | yes: batch reads of reference items |

Why these modules may touch the table at all: each is the one definition of items that several hubs write
inside their own transactions (a course completion writes passbook and karma items in the learning hub's
transaction). They build operations that the calling hub's repository commits; reads are limited to the
items they define. docs/architecture.md states the rule.
"""
