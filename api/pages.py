"""The pages for people: a small application over the REST API and ``/sparql``.

Each page is the one layout (``templates/layout.html``) with the page's own ES module
(``static/app/<page>.js``) and, where it needs a library, a head fragment
(``templates/head/<page>.html``). The pages read everything through the API, so they
show nothing a program could not get. No inline script or style: every page is sent
with a Content-Security-Policy that allows this server's own files only.
"""

from __future__ import annotations

import functools
from pathlib import Path
from string import Template
from typing import Annotated

from fastapi import APIRouter
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse

import luocdo
from luocdo.api.browse import browse_router
from luocdo.api.errors import ApiError

TEMPLATES = Path(__file__).parent / "templates"
PAGES = ("search", "document", "text", "trace", "agency", "gaps", "sparql", "upload")

# Scripts, styles, fonts and requests: this server only; nothing may be evaluated from a
# string. Styles set from script are allowed by CSP; the <style> elements that libraries
# add are allowed one by one, by the hash of their fixed text: Cytoscape.js's
# (".__________cytoscape_container { position: relative; }") and that of the
# column-resizer bundled in YASGUI's result table.
LIBRARY_STYLES = ("'sha256-pgvDUBa4IjFA2yuSJ2cqcyxmNYJMborsd0ORcRv9vw8='",
                  "'sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk='")
CSP = ("default-src 'self'; script-src 'self'; "
       f"style-src 'self' {' '.join(LIBRARY_STYLES)}; img-src 'self' data:; "
       "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


@functools.cache
def _render(page: str) -> str:
    head = TEMPLATES / "head" / f"{page}.html"
    return Template((TEMPLATES / "layout.html").read_text(encoding="utf-8")).substitute(
        page=page,
        version=luocdo.__version__,
        head=head.read_text(encoding="utf-8") if head.is_file() else "",
    )


def page_response(page: str) -> HTMLResponse:
    """The HTML of one page, with its security headers."""
    return HTMLResponse(_render(page), headers=HEADERS)


def pages_router() -> APIRouter:
    """``/`` (search) and ``/app/<page>``, and the API operations of :mod:`browse`."""
    router = APIRouter()
    router.include_router(browse_router())

    @router.get("/", include_in_schema=False)
    async def home() -> HTMLResponse:
        return page_response("search")

    @router.get("/app/{page}", include_in_schema=False)
    async def app_page(page: Annotated[str, PathParam(max_length=20)]) -> HTMLResponse:
        if page not in PAGES:
            raise ApiError(404, "not_found", f"no page {page!r}; pages: {', '.join(PAGES)}")
        return page_response(page)

    return router
