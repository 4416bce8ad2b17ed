"""The web application: one page to upload reports, one to see them checked, and the downloads.

``GET /`` shows the form; ``POST /check`` receives the files into a private temporary folder,
checks each in a child process with a time limit, deletes the folder and redirects to
``GET /result/<token>``, which draws every report with its findings. The results (never the
uploaded files) are kept for a while under an unguessable token (`auditor.web.store`), so the
language can be switched and the downloads fetched. A POST from another web site is refused:
any page the user has open could otherwise send files to be checked. Every refusal is a page
with a message, never a traceback; the log holds only counts.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from auditor.annotate.report_view import build_view
from auditor.web.bridge import comparisons, formats, make_run, make_setup, profile_title, profiles, refused, wanted
from auditor.web.job import MEDIA, Checked, check_upload
from auditor.web.page import DOWNLOADS, categories, download_links, render, standalone
from auditor.web.progress import Progress, progress, progress_key
from auditor.web.store import Results, Stored
from auditor.web.ui import LANGS, refusal, words
from auditor.web.upload import REPORT_SUFFIXES, FormError, Upload, read_form
from auditor.web.worker import Stopped, Workers

log = logging.getLogger("pfaudit.web")
MB = 1024 * 1024
SMALL = 1 * MB  # an upload this small is never queued behind big ones (`Workers.run`'s express lane)
# The page loads only what the app serves; nothing may frame it or post it elsewhere.
HEADERS = {
    "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "x-content-type-options": "nosniff",
    # NOTE: not no-referrer: under it a browser sends "Origin: null" with the page's own form,
    # and the page could not tell it from another site's (`_foreign`).
    "referrer-policy": "same-origin",
    "cache-control": "no-store",
}


@dataclass(frozen=True, slots=True)
class Settings:
    """The server's limits and defaults (``pfaudit serve`` options)."""

    max_bytes: int = 20 * MB  # per file, enforced while the body arrives
    max_files: int = 20
    time_limit: float = 120.0  # seconds per file, after which its child process is stopped
    profile: str = "national"
    config: Path | None = None  # pfaudit.toml, as ``--config``
    lang: str = "zh"  # the page's language until a visitor switches (``--lang``, ``PFAUDIT_LANG``)
    keep_seconds: float = 3600.0  # how long results are kept
    keep_count: int = 20  # and how many checks at most
    keep_bytes: int = 512 * MB  # and how many bytes (annotated copies on disk, compressed reports)
    workers: int = 2
    memory: int | None = None  # bytes per child process; None: the configuration's (default 1 GB)
    temp_root: Path | None = None  # where request folders are made (the system's by default)
    hosts: tuple[str, ...] = ("127.0.0.1", "localhost", "[::1]", "::1")


def _lang(request: Request) -> str:
    default = request.app.state.settings.lang
    lang = request.query_params.get("lang", default)
    return lang if lang in LANGS else default


def _page(html: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(html, status, headers=HEADERS)


def _message(request: Request, key: str, status: int, **values: object) -> HTMLResponse:
    lang = _lang(request)
    return _page(render("message.html", lang, here="/", error=words(lang)[key].format(**values)), status)


def _form(request: Request, error: str = "", status: int = 200) -> HTMLResponse:
    s: Settings = request.app.state.settings
    lang = _lang(request)
    html = render(
        "form.html", lang, here="/", error=error, profiles=profiles(lang), profile=s.profile,
        max_bytes=s.max_bytes, max_mb=_mb(s.max_bytes), accept=",".join(REPORT_SUFFIXES),
    )  # fmt: skip
    return _page(html, status)


def _mb(size: int) -> str:
    return f"{size / MB:g}"


@lru_cache(maxsize=8)
def _setup(profile: str, config: Path | None):
    return make_setup(profile, config)


def _not_checked(name: str, key: str, **values: object) -> Checked:
    audited = refused(name, *refusal(key, **values))
    return Checked(name, audited.result, tuple(audited.findings), build_view(None, audited.findings))


async def _check_one(
    request: Request, upload: Upload, profile: str, lang: str, key: str = "", declarations: tuple = ()
) -> Checked:
    s: Settings = request.app.state.settings
    if upload.refused or upload.path is None:
        return _not_checked(upload.name, upload.refused or "unsupported", mb=_mb(s.max_bytes), suffix=upload.suffix or "—")
    workers: Workers = request.app.state.workers
    config = str(s.config) if s.config else None
    # A small file takes the express lane when every worker is busy with big ones.
    small = upload.size <= SMALL
    on_pages = request.app.state.progress.listener(key, upload.name)
    outcome = await run_in_threadpool(
        workers.run, check_upload, str(upload.path), upload.name, profile, config, lang, declarations,
        express=small, on_pages=on_pages,
    )
    if isinstance(outcome, Stopped):
        # A child that dies under a memory ceiling has most likely hit it (the CLI says the same).
        reason = "crashed_memory" if outcome.reason == "crashed" and workers.memory else outcome.reason
        return _not_checked(upload.name, reason, seconds=f"{outcome.seconds:g}", mb=_mb(workers.memory))
    return outcome


async def home(request: Request) -> Response:
    """The upload form."""
    return _form(request)


def _foreign(request: Request) -> bool:
    """Whether a page of another web site sent this POST (browsers say so in Sec-Fetch-Site or Origin).

    Sec-Fetch-Site, where a browser sends it, is the browser's own word; otherwise the Origin
    must be the page's. A request with neither is no browser's request from another site:
    browsers send Origin with every POST a page makes.
    """
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site not in ("same-origin", "none")
    origin = request.headers.get("origin")
    return origin is not None and origin.lower() != f"{request.url.scheme}://{request.headers.get('host', '')}".lower()


async def check(request: Request) -> Response:
    """Receive the files, check each, forget them, and send the browser to the results."""
    s: Settings = request.app.state.settings
    lang = _lang(request)
    if _foreign(request):
        log.warning("refused a POST from another site")
        response = _message(request, "cross_site", 403)
        response.headers["connection"] = "close"  # the body is not read
        return response
    folder = Path(tempfile.mkdtemp(prefix="pfaudit-", dir=s.temp_root))  # readable by this user only
    key = ""
    try:
        try:
            form = await read_form(request, folder, s.max_bytes, s.max_files)
        except FormError as exc:
            total = _mb(s.max_files * s.max_bytes)
            response = _form(request, words(lang)[exc.key].format(n=s.max_files, mb=total), exc.status)
            if exc.status == 413:
                response.headers["connection"] = "close"  # the rest of the body is not read
            return response
        if not form.uploads:
            return _form(request, words(lang)["no_files"], 400)
        names = dict(profiles())
        profile = form.fields.get("profile", s.profile)
        profile = profile if profile in names else s.profile
        key = progress_key(form.fields.get("progress", ""))
        checked = [await _check_one(request, upload, profile, lang, key) for upload in form.uploads]
        # a self-evaluation uploaded with its declaration is checked again, held against it
        for n, declarations in enumerate(wanted([c.result.documents for c in checked])):
            if declarations:
                checked[n] = await _check_one(request, form.uploads[n], profile, lang, key, declarations)
        token = request.app.state.results.put(checked, profile)  # takes the annotated copies out of the folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        request.app.state.progress.forget(key)
    log.info(
        "checked %d files: %d not checked, %d findings",
        len(checked), sum(c.result.error is not None for c in checked), sum(len(c.findings) for c in checked),
    )  # fmt: skip
    return RedirectResponse(f"/result/{token}?lang={lang}", status_code=303)


def _stored(request: Request) -> Stored:
    stored = request.app.state.results.get(request.path_params["token"])
    if stored is None:
        raise HTTPException(404, "expired")
    return stored


async def result(request: Request) -> Response:
    """Every checked report drawn with its findings."""
    stored = _stored(request)
    lang, token = _lang(request), request.path_params["token"]
    html = render(
        "result.html", lang, here=f"/result/{token}", token=token, files=list(stored.files),
        cats=categories(stored.files, lang), profile=profile_title(stored.profile, lang),
        downloads=download_links(lang),
        compared=comparisons([c.result for c in stored.files]),
    )  # fmt: skip
    return _page(html)


def _attachment(data: bytes | str, media: str, name: str, fallback: str) -> Response:
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=media, headers={**HEADERS, "content-disposition": disposition})


async def download(request: Request) -> Response:
    """The results of every file in one of the CLI's formats."""
    stored = _stored(request)
    fmt, lang = request.path_params["fmt"], _lang(request)
    if fmt not in DOWNLOADS:
        raise HTTPException(404)
    setup = _setup(stored.profile, request.app.state.settings.config)
    run = make_run([c.result for c in stored.files], [f for c in stored.files for f in c.findings], setup, lang)
    name = ("pfaudit-results" if lang == "en" else "检查结果") + f".{fmt}"
    render = formats(setup)[fmt]
    return _attachment(render(run), getattr(render, "media_type", "text/plain"), name, f"pfaudit-results.{fmt}")


async def annotated(request: Request) -> Response:
    """One report with its findings written in: a Word or Excel copy, or else the HTML view."""
    stored = _stored(request)
    lang, index = _lang(request), request.path_params["index"]
    if index >= len(stored.files) or stored.files[index].result.error:
        raise HTTPException(404)
    checked = stored.files[index]
    stem = Path(checked.name).stem
    if checked.annotated is not None:
        data, media, suffix = checked.annotated.data, checked.annotated.media, checked.annotated.suffix
    else:
        data, media, suffix = standalone(checked, lang, stored.profile), MEDIA[".html"], ".html"
    label = " (annotated)" if lang == "en" else "（已批注）"
    return _attachment(data, media, f"{stem}{label}{suffix}", f"pfaudit-annotated{suffix}")


async def _http_error(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 404)
    if status == 405 and request.url.path == "/check":
        return RedirectResponse(f"/?lang={_lang(request)}", status_code=303)
    key = "expired" if getattr(exc, "detail", "") == "expired" else "not_found"
    return _message(request, key, status)


async def _crash(request: Request, exc: Exception) -> Response:
    log.error("request failed: %s", type(exc).__name__)  # the type only: a message may quote a file
    return _message(request, "server_error", 500)


def create_app(settings: Settings | None = None) -> Starlette:
    """The application with its limits; one `Workers` pool and one result store per app."""
    settings = settings or Settings()
    routes = [
        Route("/", home),
        Route("/check", check, methods=["POST"]),
        Route("/progress/{key}", progress),
        Route("/result/{token}", result),
        Route("/result/{token}/download/{fmt}", download),
        Route("/result/{token}/annotated/{index:int}", annotated),
        Mount("/static", StaticFiles(packages=[("auditor.web", "static")]), name="static"),
    ]
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        yield
        app.state.workers.close()
        app.state.results.close()

    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=list(settings.hosts))],
        exception_handlers={HTTPException: _http_error, Exception: _crash},
    )
    app.state.settings = settings
    app.state.results = Results(settings.keep_seconds, settings.keep_count, settings.keep_bytes, settings.temp_root)
    # The children get the CLI's limits: the configuration's memory ceiling, unless told otherwise.
    memory = settings.memory if settings.memory is not None else _setup(settings.profile, settings.config).config.limits.memory
    app.state.workers = Workers(settings.time_limit, settings.workers, memory)
    app.state.progress = Progress()
    return app
