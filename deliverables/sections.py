"""The sections of this app's record pages, which the apps above fill from their
`AppConfig.ready()` (the meetings of a group, the statements about a deliverable…)."""

from core.pages import Sections

GROUP_SECTIONS = Sections()
DELIVERABLE_SECTIONS = Sections()
PERSON_SECTIONS = Sections()
