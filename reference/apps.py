"""The two ASGI apps of the reference: the widget origin (API, SDK, iframe app) and the host
page origin (a customer's website embedding the widget)."""
from __future__ import annotations

import json
import logging
import time
from importlib import resources
from typing import AbstractSet

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from reference import defects as defect_switches, profiles, rails_answers, seed
from reference.account_api import AccountApi
from reference.cable import Cable
from reference.conversation_api import ConversationApi
from reference.coverage_contexts import add_context_route
from reference.embed_snippet import host_page_html
from reference.profiles import Profile
from reference.push_events import PushEvents
from reference.sessions import Sessions
from reference.store import Store
from reference.tokens import TokenService
from reference.validation import ApiError
from reference.widget_api import WidgetApi
from reference.widget_build import WidgetBuild
from reference.widget_page import WidgetPage

log = logging.getLogger("reference")

APP_MODULE_PREFIX = "app-"  # the upstream-style iframe app: ES modules static/app-*.js, one file each


def static_files(profile: Profile) -> dict[str, tuple[str, str]]:
    """URL path -> (file under static/, media type). Every profile serves every file; the SDK at
    /packs/js/sdk.js is the profile's."""
    files = {
        "/packs/js/sdk.js": (profile.sdk_script, "application/javascript"),
        "/packs/js/widget.js": ("widget.js", "application/javascript"),
        "/packs/js/widget-i18n.js": ("widget-i18n.js", "application/javascript"),
        "/packs/css/widget.css": ("widget.css", "text/css"),
        "/packs/css/app.css": ("app.css", "text/css"),
    }
    for module in sorted(entry.name for entry in resources.files("reference").joinpath("static").iterdir()):
        if module.startswith(APP_MODULE_PREFIX) and module.endswith(".js"):
            files[f"/packs/js/{module}"] = (module, "application/javascript")
    return files


def _static(name: str) -> str:
    return resources.files("reference").joinpath("static", name).read_text(encoding="utf-8")


def _add_access_log(app: FastAPI, origin_name: str) -> None:
    """One log line per request; 5xx lines start with SERVER-ERROR so runs can be checked for them."""

    @app.middleware("http")
    async def access_log(request: Request, call_next):
        started = time.perf_counter()
        try:
            response = await call_next(request)
        except Exception:
            log.exception("SERVER-ERROR %s %s %s unhandled exception", origin_name, request.method, request.url.path)
            response = JSONResponse({"error": "Internal server error"}, status_code=500)
        elapsed_ms = (time.perf_counter() - started) * 1000
        marker = "SERVER-ERROR " if response.status_code >= 500 else ""
        log.info("%s%s %s %s -> %s (%.0f ms)", marker, origin_name, request.method, request.url.path,
                 response.status_code, elapsed_ms)
        return response


def _add_error_handlers(app: FastAPI, profile: Profile) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_: Request, error: ApiError) -> Response:
        status, body = rails_answers.answer(error, profile.rails_error_answers)
        return Response(status_code=status) if body is None else JSONResponse(body, status_code=status)

    @app.exception_handler(RequestValidationError)
    async def request_error(_: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse({"error": "Invalid request", "details": str(error)}, status_code=422)


def _widget_router(*apis: WidgetApi | ConversationApi) -> APIRouter:
    router = APIRouter(prefix="/api/v1/widget")
    for api in apis:
        for method, path, handler in api.routes():
            router.add_api_route(path, handler, methods=[method])
    return router


def create_widget_app(store: Store, tokens: TokenService, defects: AbstractSet[str],
                      profile: Profile = profiles.get("documented"), build: WidgetBuild | None = None,
                      coverage_contexts: bool = False) -> FastAPI:
    """build: a user's widget build whose SDK and iframe app replace the reference's. `defects`
    given as defect_switches.Switches can be switched while running (PUT /__reference__/defects)."""
    app = FastAPI(title="Reference widget", docs_url=None, redoc_url=None, openapi_url=None)
    _add_access_log(app, "widget")
    _add_error_handlers(app, profile)
    if build:
        _serve_build(app, build)
    sessions = Sessions(store, tokens, defects)
    app.include_router(_widget_router(WidgetApi(store, tokens, defects, profile, sessions),
                                      ConversationApi(store, defects, profile, sessions)))
    app.include_router(AccountApi(store).router())
    if profile.live_updates:  # Chatwoot's ActionCable; the documented contract has no live updates
        app.add_api_websocket_route("/cable", Cable(store, PushEvents(store, defects)))
    app.add_api_route("/widget", WidgetPage(store, sessions, profile, defects, build and build.head_tags()),
                  methods=["GET"])

    @app.get("/api")
    async def api_status() -> dict:
        return {"version": "reference", "profile": profile.name, "timestamp": int(time.time()),
                "defects": sorted(defects)}

    for path, (name, media_type) in static_files(profile).items():
        content = _static(name)
        app.add_api_route(path, _static_route(content, media_type, defects if name == profile.sdk_script else None),
                          methods=["GET"])
    if isinstance(defects, defect_switches.Switches):
        _add_defect_switch(app, defects, profile)
    if coverage_contexts:
        add_context_route(app)
    return app


def _add_defect_switch(app: FastAPI, defects: defect_switches.Switches, profile: Profile) -> None:
    """PUT /__reference__/defects {"defects": [...]}: the defects on from the next request on (a test
    double's control route, not part of any widget's API; served only with --switchable-defects)."""
    @app.put(defect_switches.SWITCH_PATH)
    async def switch_defects(request: Request) -> JSONResponse:
        try:
            chosen = defect_switches.parse((await request.json()).get("defects", []))
            defect_switches.check_profile(chosen, profile.name)
        except (ValueError, AttributeError, defect_switches.UnknownDefect, defect_switches.NotInProfile) as error:
            return JSONResponse({"error": str(error)}, status_code=422)
        defects.switch(chosen)
        log.info("defects switched: %s", ", ".join(defects) or "none")
        return JSONResponse({"defects": sorted(defects)})


def _serve_build(app: FastAPI, build: WidgetBuild) -> None:
    """The build's SDK, Vite assets and other public folders (its audio), registered before the
    reference's own files so they win."""
    @app.get("/packs/js/sdk.js")
    async def build_sdk() -> FileResponse:
        return FileResponse(build.sdk_file, media_type="application/javascript", headers={"Cache-Control": "no-store"})

    app.mount("/vite", StaticFiles(directory=build.vite_dir), name="widget-build")
    for prefix, directory in build.asset_dirs().items():
        app.mount(prefix, StaticFiles(directory=directory), name=f"widget-build{prefix.replace('/', '-')}")


def _static_route(content: str, media_type: str, defects: AbstractSet[str] | None = None):
    """A static file; the SDK (`defects` given) names the defects on at the time of the request."""
    async def serve() -> Response:
        body = content.replace("__REFERENCE_DEFECTS__", json.dumps(sorted(defects))) if defects is not None else content
        return Response(body, media_type=media_type, headers={"Cache-Control": "no-store"})
    return serve


def create_host_app(widget_base_url: str) -> FastAPI:
    """The customer's website: a page that embeds the widget with the standard snippet."""
    app = FastAPI(title="Reference host page", docs_url=None, redoc_url=None, openapi_url=None)
    _add_access_log(app, "host")

    @app.get("/")
    async def host_page(request: Request) -> HTMLResponse:
        website_token = request.query_params.get("website_token", seed.OPTIONAL_HMAC.website_token)
        settings = {"position": "right", "locale": request.query_params.get("locale", "en")}
        return HTMLResponse(host_page_html(widget_base_url, website_token, settings))

    @app.get("/favicon.ico")
    async def favicon() -> Response:
        return Response(status_code=204)

    return app
