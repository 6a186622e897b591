"""The audit binder: ReportLab draws the pages, pikepdf (qpdf) puts them together with the evidence.

    build_binder(store, destination, BinderOptions(as_of=...), progress=..., cancel=...)
        -> BinderSummary

Modules: `options` (what a binder is built with, and choosing its people), `content` (what it
shows, gathered from the document once), `layout` (page templates, styles, footers, bookmarks,
contents), `cover`, `sections/` (one module per section), `text` (safe text and fonts),
`appendix`, `stamps` and `assembly` (the evidence and the final file), `build` (the steps).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from compdesk.reports.binder.build import BinderSummary, build_binder
    from compdesk.reports.binder.options import BinderOptions, PageSize

__all__ = ["BinderOptions", "BinderSummary", "PageSize", "build_binder"]

_HOMES = {
    "BinderOptions": "options",
    "PageSize": "options",
    "BinderSummary": "build",
    "build_binder": "build",
}


def __getattr__(name: str) -> Any:
    # PERF: the names load with their module on first use: the window imports the options
    # long before anyone builds a binder, and a build pulls in ReportLab and pikepdf.
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
