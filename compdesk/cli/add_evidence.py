"""`compdesk add-evidence FILE --person … --competency … --kind … --date …`: record evidence."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from compdesk.cli.arguments import date_argument, score_argument
from compdesk.cli.command import Command
from compdesk.cli.documents import open_for_writing
from compdesk.cli.output import EXIT_OK, say
from compdesk.models.errors import InputError, NotFoundError
from compdesk.models.records import EvidenceKind, Route, parse_enum
from compdesk.models.rules import USUAL_ROUTES, require_accepted_kind, usual_route
from compdesk.storage.attachments import check_attachment_size


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--person", required=True, metavar="EMAIL")
    parser.add_argument("--competency", required=True, metavar="NAME")
    parser.add_argument("--kind", required=True, metavar="KIND")
    parser.add_argument(
        "--date", required=True, type=date_argument, metavar="D", help="achieved on, YYYY-MM-DD"
    )
    parser.add_argument("--expires", type=date_argument, metavar="D", help="expires on")
    parser.add_argument(
        "--route", metavar="ROUTE", help="education, training or experience (default: see below)"
    )
    parser.add_argument("--title", default="", help="e.g. the course or certificate name")
    parser.add_argument("--issuer", default="", help="who issued it or ran the training")
    parser.add_argument(
        "--score", type=score_argument, metavar="PERCENT", help="an assessment score, 0-100"
    )
    parser.add_argument(
        "--attach",
        nargs="+",
        action="extend",
        default=[],
        metavar="PATH",
        help="files to attach (repeatable)",
    )


def _attachment_sources(texts: Sequence[str]) -> list[Path]:
    """Every file to attach, checked before the document is touched; duplicates dropped."""
    sources: list[Path] = []
    seen: set[Path] = set()
    for text in texts:
        path = Path(text)
        try:
            if not path.exists():
                raise InputError(f"attachment {text}: no such file")
            if not path.is_file():
                raise InputError(f"attachment {text} is not a file")
            size = path.stat().st_size
            with path.open("rb") as stream:
                stream.read(1)
            resolved = path.resolve()
        except OSError as error:
            raise InputError(
                f"attachment {text} cannot be read: {error.strerror or error}"
            ) from None
        check_attachment_size(f"attachment {text}", size)
        if resolved not in seen:
            seen.add(resolved)
            sources.append(path)
    return sources


def _run(arguments: argparse.Namespace) -> int:
    try:
        kind = parse_enum(EvidenceKind, arguments.kind)
    except ValueError as error:
        raise InputError(f"--kind: {error}") from None
    try:
        route = parse_enum(Route, arguments.route) if arguments.route else usual_route(kind)
    except ValueError as error:
        raise InputError(f"--route: {error}") from None
    achieved_on: date = arguments.date
    expires_on: date | None = arguments.expires
    if expires_on is not None and expires_on < achieved_on:
        raise InputError(f"--expires {expires_on} is before --date {achieved_on}")
    sources = _attachment_sources(arguments.attach)

    name = arguments.file.name
    with open_for_writing(arguments.file) as store:
        try:
            person = store.people.by_email(arguments.person)
        except NotFoundError:
            raise InputError(f"{name} has nobody with the email {arguments.person}") from None
        try:
            competency = store.competencies.by_name(arguments.competency)
        except NotFoundError:
            raise InputError(f"{name} has no competency named {arguments.competency!r}") from None
        require_accepted_kind(competency, kind)
        with store.transaction():
            evidence = store.evidence.add(
                person.id,
                competency.id,
                kind,
                route,
                title=arguments.title.strip(),
                issuer=arguments.issuer.strip(),
                achieved_on=achieved_on,
                expires_on=expires_on,
                score=arguments.score,
            )
            for source in sources:
                store.attachments.attach_file(evidence.id, source)
    attached = f", {len(sources)} attachment{'s' if len(sources) != 1 else ''}" if sources else ""
    say(
        f"added {kind.value} ({route.value}) for {person.name}, {competency.name}, "
        f"achieved {achieved_on.isoformat()}{attached}"
    )
    return EXIT_OK


_ROUTES_HELP = "\n".join(
    f"  {kind.value:<26} → {route.value}" for kind, route in USUAL_ROUTES.items()
)

COMMAND = Command(
    name="add-evidence",
    summary="record evidence of a competency, with attached files",
    description="Record that a person has shown a competency, optionally attaching files "
    "(certificates, attendance lists, CVs). Every attachment is checked before anything is "
    "written.",
    examples=(
        "compdesk add-evidence acme.compdesk --person ana@acme.example \\\n"
        "      --competency 'Phishing recognition' --kind 'training record' --date 2026-03-02",
        "compdesk add-evidence acme.compdesk --person ana@acme.example \\\n"
        "      --competency 'ISO 27001 requirements' --kind certificate --date 2025-11-20 \\\n"
        "      --issuer 'PECB' --attach lead-implementer.pdf",
    ),
    notes="--kind takes a kind's value or name, ignoring case: "
    + ", ".join(kind.value for kind in EvidenceKind)
    + ".\nWithout --expires, the expiry follows the competency's renewal interval.\n"
    "Without --route, the route follows the kind:\n" + _ROUTES_HELP,
    add_arguments=_add_arguments,
    run=_run,
)
