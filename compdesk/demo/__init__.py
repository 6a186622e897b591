"""The sample organisation behind `compdesk demo`: a small SaaS company with a lived-in record.

Northwind Cloud Ltd has every gap status on show, evidence of every kind with real attachments,
and actions at every stage. All dates are relative to an as-of date, so the demo always looks
current, and everything follows from the seed, so the same seed and as-of date give the same
organisation.

Generation happens in two steps: a pure plan (`plan`, with the story in `northwind` and
generated people in `staff`) and then writing it through the store (`writer`), which draws
each attachment on the way (`attachments`, `sample_files`). The year's training sessions (a
quiz imported from a Google Forms sheet among them), drills, document versions and calendar
follow from the same plan (`programme`) and are written once everyone is in (`year`). Larger organisations (`people` >
15) add generated people whose attachments come from a small shared pool of files, so the
stored files stay under a megabyte at any size; what grows with the people is their rows.

Lives outside `compdesk.models` because it draws PDFs and images (ReportLab, Pillow).
"""

from compdesk.demo.writer import create_demo

__all__ = ["create_demo"]
