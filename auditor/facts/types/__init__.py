"""Every fact type, in one home: the types of what a report states, each with the span it was read from.

`bundle` holds `Facts`, one report's facts as `facts.extract` makes them; `form` what a form
states (its fund block, indicator rows and groups, 总分 row and printed scoring rule); `prose`
what the body text states (sentences, figures, years, narrative, labelled fields, grades).
Checks compare facts; they never re-read text. Import a type from its module; `auditor.facts`
(and the `auditor` facade, for checks) re-exports the ones checks use.
"""
