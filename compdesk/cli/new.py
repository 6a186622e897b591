"""`compdesk new FILE`: create a document from a template."""

from __future__ import annotations

import argparse

from compdesk.cli.command import Command
from compdesk.cli.documents import change_log_user, contents_summary
from compdesk.cli.output import EXIT_OK, say
from compdesk.models.templates import Template
from compdesk.storage.templates import create_document


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--template",
        choices=[template.value for template in Template],
        default=Template.STARTUP.value,
        help="what the document starts with (default: startup)",
    )


def _run(arguments: argparse.Namespace) -> int:
    template = Template(arguments.template)
    with create_document(arguments.file, template, user=change_log_user()) as store:
        summary = contents_summary(store)
    say(f"created {arguments.file} from the {template.value} template: {summary}")
    return EXIT_OK


COMMAND = Command(
    name="new",
    summary="create a document",
    description="Create a new compdesk document. The startup template holds the roles, "
    "competencies and annual calendar of a small SaaS company; blank holds nothing.",
    examples=(
        "compdesk new acme.compdesk",
        "compdesk new empty.compdesk --template blank",
    ),
    notes="An existing file is never overwritten.",
    add_arguments=_add_arguments,
    run=_run,
)
