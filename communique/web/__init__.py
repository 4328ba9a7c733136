"""The local web application: ``communique serve``.

Compare two statements in the browser (paste, upload or URL; the diff
report with the CLI's options and its downloads), browse an archive
(``--db``), and a JSON API over the same model (``/api/…``, described at
``/openapi.json``).  Built on Starlette and served by uvicorn; see
:mod:`communique.web.app` for the routes, :mod:`communique.web.guard` for
what every request must pass, :mod:`communique.web.archive` for the
interface an archive offers.

Nothing here is imported by ``communique`` itself: the CLI imports
:mod:`communique.web.cli` (typer only), which imports the server when it
runs.  Its dependencies (starlette, uvicorn, python-multipart) are
communique's own, so ``pip install . && communique serve`` works.
"""
