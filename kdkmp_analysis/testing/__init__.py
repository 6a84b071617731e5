"""Test helpers: open a page in headless Chromium, offline, and read what it drew.

Used by the real-browser tests (``tests/integration``) and the map benchmark;
nothing in the analysis imports it.

>>> from kdkmp_analysis import testing
>>> dom, errors = testing.render_dom("peta.html")  # doctest: +SKIP
>>> testing.count_elements(dom, "kdkmp-koperasi", "path")  # doctest: +SKIP
365

Module
------
:mod:`~kdkmp_analysis.testing.chromium`
    :func:`find_chromium`, :func:`render_page` (DOM, errors, timings, an
    optional script run at ``load``), :func:`render_dom`,
    :func:`count_elements`; every host name unresolvable by default, so a
    page that needs the internet fails as it would offline.
"""

from kdkmp_analysis.testing.chromium import (
    CANDIDATES,
    FLAGS,
    OFFLINE_FLAGS,
    BrowserError,
    BrowserNotFound,
    RenderResult,
    count_elements,
    find_chromium,
    render_dom,
    render_page,
)

__all__ = [
    "CANDIDATES",
    "FLAGS",
    "OFFLINE_FLAGS",
    "BrowserError",
    "BrowserNotFound",
    "RenderResult",
    "count_elements",
    "find_chromium",
    "render_dom",
    "render_page",
]
