"""How pages are served (issue 11, item 6): the Content-Security-Policy, `no-store` on personal
data, the API docs behind a staff login with their assets from this server, no page loading
anything from another host, and the deploy checks clean outside development."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client

from safetynet.agencies.models import Staff
from safetynet.agencies.services import api_client_create
from safetynet.intake.drafts import DecisionDraft
from safetynet.intake.models import Dispatch
from safetynet.intake.services import decision_record, dispatch_accept
from tests.conftest import City, file_report

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "safetynet"


# --- the pages a person reaches --------------------------------------------------------------


class Refs(HTMLParser):
    """The URLs a page makes the browser load (script, stylesheet, image, …) and its links."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.links: list[str] = []
        self.inline_scripts = 0
        self.handlers: list[str] = []
        self.styles: list[str] = []
        self._script_type: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        for name in values:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}>")
            if name == "style":
                self.styles.append(f"<{tag} style>")
        if tag == "style":
            self.styles.append("<style>")
        if tag == "script":
            if "src" in values:
                self.loads.append(values["src"])
            elif values.get("type", "") not in ("application/json",):
                self.inline_scripts += 1
        if tag in ("img", "iframe", "source", "audio", "video", "embed") and values.get("src"):
            self.loads.append(values["src"])
        if tag == "link" and values.get("href"):
            self.loads.append(values["href"])
        if tag == "object" and values.get("data"):
            self.loads.append(values["data"])
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])


def parse(html: str) -> Refs:
    refs = Refs()
    refs.feed(html)
    return refs


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("", "data") and not url.startswith("//"):
        return True
    return parts.scheme in ("http", "https") and parts.hostname in ("testserver", "127.0.0.1",
                                                                      "localhost")  # fmt: skip


def with_a_case(city: City) -> None:
    """A report screened, dispatched and accepted: the pages of each step then have content."""
    report = file_report(city)
    decision_record(principal=city.principal(city.screener), report_id=report.pk,
                    draft=DecisionDraft(outcome="vulnerable_family", vulnerable_areas=["economic"]))  # fmt: skip
    dispatch_accept(principal=city.principal(city.worker),
                    dispatch_id=Dispatch.objects.get().pk, worker_id=city.worker.pk)  # fmt: skip
    file_report(city)  # and one waiting in the queue


def reachable(client: Client, *, limit: int = 60) -> dict[str, str]:
    """The pages a person reaches from home by following links (GET only), two clicks deep."""
    seen: dict[str, str] = {}
    frontier = ["/"]
    for _depth in range(3):
        following: list[str] = []
        for url in frontier:
            if url in seen or len(seen) >= limit:
                continue
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            html = response.content.decode()
            seen[url] = html
            for link in parse(html).links:
                path = urlsplit(link).path
                if link.startswith("/") and not link.startswith("//") and path not in seen:
                    following.append(link.split("#")[0])
        frontier = following
    return seen


def roles(city: City) -> list[Staff]:
    return [city.screener, city.supervisor, city.worker, city.unit_supervisor, city.police,
            city.analyst, city.admin, city.auditor]  # fmt: skip


@pytest.mark.django_db
def test_no_page_loads_anything_from_another_host_and_none_runs_inline_script(
    city: City,
) -> None:
    with_a_case(city)
    pages: dict[str, str] = {"/login/": Client().get("/login/").content.decode()}
    for staff in roles(city):
        client = city.client_for(staff)
        for url, html in reachable(client).items():
            pages[f"{staff.user.username} {url}"] = html
        pages[f"{staff.user.username} /api/v1/docs"] = client.get("/api/v1/docs").content.decode()
    assert len(pages) > 40, sorted(pages)
    found = []
    for where, html in pages.items():
        refs = parse(html)
        found += [f"{where}: {url}" for url in refs.loads if not _is_local(url)]
        found += [f"{where}: inline script"] * refs.inline_scripts
        found += [f"{where}: {h}" for h in refs.handlers + refs.styles]
    assert found == []


def test_no_template_has_an_inline_script_handler_or_style() -> None:
    """Also the pages no crawl reached (an error branch, an empty state)."""
    found = []
    for template in SRC.rglob("templates/**/*.html"):
        refs = parse(template.read_text())
        where = str(template.relative_to(SRC))
        found += [f"{where}: {url}" for url in refs.loads if not _is_local(url)
                  and "{%" not in url and "{{" not in url]  # fmt: skip
        found += [f"{where}: inline script"] * refs.inline_scripts
        found += [f"{where}: {h}" for h in refs.handlers + refs.styles]
        found += [
            f"{where}: javascript: URL" for _ in re.findall(r"javascript:", template.read_text())
        ]
    assert found == []


@pytest.mark.django_db
def test_every_page_has_a_strict_content_security_policy(city: City) -> None:
    for response in (Client().get("/login/"), city.client_for(city.screener).get("/queue/")):
        policy = dict(
            (part.split()[0], part.split()[1:]) for part in response["Content-Security-Policy"].split("; ")
        )  # fmt: skip
        assert policy["default-src"] == ["'none'"]
        assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'none'"]
        assert policy["form-action"] == ["'self'"] and policy["object-src"] == ["'none'"]
        assert "unsafe" not in response["Content-Security-Policy"]


# --- no-store -------------------------------------------------------------------------------


def _no_store(response: object) -> bool:
    return "no-store" in response.get("Cache-Control", "")  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_answers_to_a_logged_in_person_and_every_api_answer_are_not_stored(city: City) -> None:
    with_a_case(city)
    report = file_report(city)
    screener = city.client_for(city.screener)
    for url in ("/", "/queue/", f"/reports/{report.pk}/", "/reports/999999/",
                f"/people/{report.people.first().person_id}/", "/api/v1/queue"):  # type: ignore[union-attr]  # fmt: skip
        response = screener.get(url)
        assert response.status_code in (200, 404), url
        assert _no_store(response), url
    _client, token = api_client_create(name="ECARE", unit=city.units["KL-DESK"], channel="7")
    partner = Client(headers={"authorization": f"Bearer {token}"})
    for url in (f"/api/v1/reports/{report.pk}", "/api/v1/reports/999999", "/api/v1/queue"):
        assert _no_store(partner.get(url)), url
    assert _no_store(Client().get("/api/v1/queue"))  # a refusal too
    # What carries nothing personal may be cached: a static file, the health answer.
    assert not _no_store(Client().get("/static/web/site.css"))
    assert not _no_store(Client().get("/health/"))


# --- the API docs ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_api_docs_are_for_logged_in_staff_and_serve_their_assets_locally(city: City) -> None:
    for url in ("/api/v1/docs", "/api/v1/openapi.json"):
        anonymous = Client().get(url)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/"), url
        assert city.client_for(None).get(url).status_code == 404, url  # a login, no staff record
    _client, token = api_client_create(name="ECARE", unit=city.units["KL-DESK"], channel="7")
    tokened = Client(headers={"authorization": f"Bearer {token}"})
    assert tokened.get("/api/v1/docs").status_code == 302
    page = city.client_for(city.worker).get("/api/v1/docs")
    assert page.status_code == 200
    loads = parse(page.content.decode()).loads
    assert any("swagger-ui-bundle.js" in url for url in loads)
    assert all(_is_local(url) for url in loads), loads
    for url in loads:  # and this server has them
        assert Client().get(url).status_code == 200, url
    assert city.client_for(city.police).get("/api/v1/openapi.json").json()["openapi"]


# --- the deploy checks ----------------------------------------------------------------------


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SAFETYNET_", "DJANGO_"))}
    return subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "safetynet.manage", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def test_check_deploy_finds_nothing_with_the_production_settings(tmp_path: Path) -> None:
    production = {"SAFETYNET_SECRET_KEY": "k" * 30 + "-Q7%z" * 10,
                  "SAFETYNET_VAR_DIR": str(tmp_path),
                  "SAFETYNET_ALLOWED_HOSTS": "safetynet.example.gov.tw"}  # fmt: skip
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=production)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    # The same check in development finds what the block switches on (the check can fail).
    development = _manage("check", "--deploy", env={**production, "SAFETYNET_ENV": "development"})
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in development.stderr + development.stdout, warning


def test_the_dashboards_style_hashes_are_plotlys_own() -> None:
    """The one exception to "no inline style": the two style elements the installed plotly.js
    adds, by hash. A new plotly brings new ones; this says so before a browser does."""
    import base64
    import hashlib

    import plotly

    from safetynet.intake.views import PLOTLY_STYLES

    script = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text()
    sheets = re.findall(r"textContent='(\.maplibregl-map[^']*)'", script)
    assert len(sheets) == 1
    hashes = {
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"
        for text in ("", sheets[0])
    }
    assert hashes == set(PLOTLY_STYLES)
    login = Client().get("/login/")["Content-Security-Policy"]
    assert not any(h in login for h in PLOTLY_STYLES)
