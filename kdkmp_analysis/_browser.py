"""Transitional alias of :mod:`kdkmp_analysis.testing` (issue 10).

``tests/integration/test_build.py`` still imports this module; delete this
file once it uses ``from kdkmp_analysis import testing``.
"""

from kdkmp_analysis.testing import (  # noqa: F401
    BrowserError,
    BrowserNotFound,
    RenderResult,
    count_elements,
    find_chromium,
    render_dom,
    render_page,
)
