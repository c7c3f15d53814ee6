"""``make quality``: the reader's site checked against web standards.

Runs from the repository root with the virtualenv's Python, after ``npm ci``:

    .venv/bin/python quality/check.py [--summary FILE] [--keep]

1. A throwaway SQLite database and MEDIA_ROOT in a temporary folder get the
   demo content (``migrate``, ``load_demo``); ``collectstatic`` fills
   STATIC_ROOT.
2. gunicorn serves the site with production settings (DEBUG off, a dummy
   SECRET_KEY, hashed static files from WhiteNoise, images from
   newsroom/media.py) on a free port of 127.0.0.1.
3. Every public page type (``pages()``) is checked:
   - the HTML as served, and static/css/*.css, by the Nu HTML Checker
     (vnu.jar, run with Java): any error fails;
   - the rendered page by axe-core in Chromium (WCAG 2.0/2.1/2.2 A and AA
     rules and axe's best practices): any violation fails;
   - home and flagship article by Lighthouse (mobile, simulated throttling):
     a category below MIN_LIGHTHOUSE fails, and so does any layout shift on
     home (cumulative layout shift above 0 in any run; issue 20).
4. A markdown summary is printed (and written to ``--summary``); the exit
   status is 0 only if everything passed.

Length: a standalone script: the server it starts, every page type it visits
and the three checkers' reports.
"""

# The commands run here are fixed tool paths and arguments, never user input.
# ruff: noqa: S603

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
LIGHTHOUSE = NODE_MODULES / ".bin" / "lighthouse"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CSS_FILES = sorted((ROOT / "static" / "css").glob("*.css"))

MIN_LIGHTHOUSE = 95
LIGHTHOUSE_RUNS = 3
LIGHTHOUSE_CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
AXE_VIEWPORTS = [{"width": 1280, "height": 900}, {"width": 320, "height": 640}]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
NO_RESULTS_QUERY = "Zzyzxquarkbalance"


@dataclass
class Page:
    key: str
    title: str
    path: str
    status: int = 200
    language: str = "de"  # "en": reached through the language switch
    lighthouse: bool = False
    no_layout_shift: bool = False  # Lighthouse's CLS must be 0 in every run
    # A page a plain GET does not reach: a request of its own (method, headers,
    # form body; its cookies from the page named by ``form_from``), or HTML
    # rendered from its template when no request can produce it (a 500). axe
    # then checks the HTML as fetched, served to Chromium at ``path``.
    method: str = "GET"
    headers: dict[str, str] = field(default_factory=dict)
    form: dict[str, str] | None = None
    form_from: str = ""
    rendered: str | None = None
    html: str = ""
    vnu_errors: list[str] = field(default_factory=list)
    vnu_warnings: list[str] = field(default_factory=list)
    axe_violations: list[str] = field(default_factory=list)
    axe_passes: int = 0
    scores: dict[str, int] = field(default_factory=dict)
    score_runs: list[dict[str, int]] = field(default_factory=list)
    layout_shift: float | None = None  # the largest CLS of the Lighthouse runs

    @property
    def own_request(self) -> bool:
        return self.method != "GET" or bool(self.headers) or self.rendered is not None


def fail(message: str) -> None:
    print(f"quality: {message}", file=sys.stderr)
    sys.exit(2)


# --------------------------------------------------------------------------
# Set-up: environment, database, server


def production_env(work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DEBUG="false",
        SECRET_KEY="quality-check-throwaway-key-not-a-secret-5d1f0c9e7a",  # noqa: S106
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
        SERVE_MEDIA="true",
        DATABASE_URL=f"sqlite:///{work / 'quality.sqlite3'}",
        MEDIA_ROOT=str(work / "media"),
        DEMO_PASSWORD="quality-demo-password-1",  # noqa: S106
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    print(f"$ manage.py {' '.join(args)}", flush=True)
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        print(result.stdout, result.stderr, sep="\n", file=sys.stderr)
        fail(f"manage.py {' '.join(args)} failed (exit {result.returncode})")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), "newsroom.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
    print(f"$ {' '.join(command[1:])}", flush=True)
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    for _ in range(100):
        if server.poll() is not None:
            print(log.read_text(), file=sys.stderr)
            fail("gunicorn exited while starting")
        try:
            status, _body = fetch(port, "/robots.txt")
        except OSError:
            time.sleep(0.2)
            continue
        if status == 200:
            return server
        time.sleep(0.2)
    server.terminate()
    fail("gunicorn did not answer within 20 s")
    raise AssertionError  # unreachable


def fetch(port: int, path: str, language: str = "de") -> tuple[int, str]:
    # The language is in the address: German unprefixed, English under /en/.
    if language != "de":
        path = f"/{language}{path}"
    status, body, _cookies = request(port, "GET", path, {})
    return status, body


def request(port, method, path, headers, body=None):
    """Status, body and the cookies set (name -> value) of one request."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    text = response.read().decode("utf-8")
    cookies = dict(
        header.split(";", 1)[0].split("=", 1)
        for header in response.headers.get_all("Set-Cookie") or []
    )
    connection.close()
    return response.status, text, cookies


def fetch_page(port: int, page: Page) -> tuple[int, str]:
    """The HTML of ``page`` as the server answers it (see ``Page``)."""
    if page.rendered is not None:
        return page.status, page.rendered
    if not page.own_request:
        return fetch(port, page.path, page.language)
    headers, body = dict(page.headers), None
    if page.form is not None:
        form = dict(page.form)
        if page.form_from:
            # As a browser does it: the form's page first (its cookies and
            # hidden fields; reader forms have no token and an empty ts).
            _status, html, cookies = request(port, "GET", page.form_from, {})
            form.update(hidden_fields(html))
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    status, html, _cookies = request(port, page.method, page.path, headers, body)
    return status, html


def hidden_fields(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def pages(env: dict[str, str]) -> list[Page]:
    """One page of every public type, found in the demo content."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from urllib.parse import quote

    from articles.models import Article
    from comments.models import Comment
    from demo.data import FLAGSHIP_SLUG

    flagship = Article.objects.published().get(slug=FLAGSHIP_SLUG)
    plain = Article.objects.published().filter(hero_image=None).order_by("-publish_at").first()
    if plain is None:
        # The demo pictures every story; the page of one without a picture is
        # checked all the same: the oldest story's picture is taken off here.
        plain = Article.objects.published().exclude(slug=FLAGSHIP_SLUG).order_by("publish_at")[0]
        Article.objects.filter(pk=plain.pk).update(hero_image=None)
    tag = flagship.tags.order_by("name").first()
    author = flagship.bylines.select_related("author").first().author
    source = flagship.citations.select_related("source").first().source
    comment = Comment.objects.visible().filter(article=flagship).order_by("pk").first()
    if not (plain and tag and author and source and comment):
        fail("the demo content lacks an article without image, a tag, author, source or comment")
    word = flagship.title.split()[0]
    from datetime import timedelta

    from django.template.loader import render_to_string

    comment_url = f"/artikel/{flagship.slug}/kommentar/"
    return [
        Page("home", "Home", "/", lighthouse=True, no_layout_shift=True),
        Page("section", f"Section {flagship.section.name}", flagship.section.get_absolute_url()),
        Page("article", "Flagship article", flagship.get_absolute_url(), lighthouse=True),
        Page("article-plain", "Article without image", plain.get_absolute_url()),
        Page("tag", f"Tag {tag.name}", f"/thema/{quote(tag.slug)}/"),
        Page("author", "Author", author.get_absolute_url()),
        Page("source", "Source", source.get_absolute_url()),
        Page("search", f"Search “{word}”", f"/suche/?q={quote(word)}"),
        Page("search-none", "Search, no results", f"/suche/?q={NO_RESULTS_QUERY}"),
        Page("404", "Not found (404)", "/gibt-es-nicht/", status=404),
        Page("report", "Report a comment", f"/kommentar/{comment.pk}/melden/"),
        Page("article-en", "Flagship article, English", flagship.get_absolute_url(), language="en"),
        Page(
            "comment-errors",
            "Comment form with errors",
            comment_url,
            status=400,
            method="POST",
            form={"name": "", "email": "kein-at-zeichen", "body": "", "website": ""},
            form_from=flagship.get_absolute_url(),
        ),
        Page("400", "Bad request (400)", "/", status=400, headers={"Host": "unknown.example"}),
        # The comment form carries no CSRF token: a form posted from another
        # site is refused by where it comes from (newsroom/origin.py).
        Page(
            "403",
            "Form from another site (403)",
            comment_url,
            status=403,
            method="POST",
            headers={"Origin": "https://evil.example"},
            form={},
        ),
        Page("403-csrf", "CSRF failure (403)", "/admin/login/", status=403, method="POST", form={}),
        Page(
            "500",
            "Server error (500)",
            "/_quality/500/",
            status=500,
            rendered=render_to_string("500.html"),
        ),
        Page(
            "lockout",
            "Login locked (429)",
            "/_quality/lockout/",
            status=429,
            rendered=render_to_string(
                "axes/lockout.html", {"cooloff_timedelta": timedelta(minutes=15)}
            ),
        ),
    ]


# --------------------------------------------------------------------------
# The checks


def check_vnu(all_pages: list[Page], folder: Path) -> list[str]:
    """Nu HTML Checker over the served HTML and the CSS; returns CSS errors."""
    files = []
    for page in all_pages:
        path = folder / f"{page.key}.html"
        path.write_text(page.html, encoding="utf-8")
        files.append(path)
    command = ["java", "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--also-check-css"]
    result = subprocess.run(
        [*command, *map(str, files), *map(str, CSS_FILES)], capture_output=True, text=True
    )
    try:
        messages = json.loads(result.stdout)["messages"]
    except (ValueError, KeyError):
        print(result.stdout, result.stderr, sep="\n", file=sys.stderr)
        fail(f"vnu.jar gave no JSON report (exit {result.returncode})")
    by_file = {str(path): page for path, page in zip(files, all_pages, strict=True)}
    css_errors = []
    for message in messages:
        # vnu names files as file:/tmp/… URLs.
        page = by_file.get(unquote(urlsplit(message.get("url", "")).path))
        where = f"line {message.get('lastLine', '?')}"
        text = f"{where}: {message.get('message', '').strip()}"
        if message.get("type") == "error" or message.get("subType") == "fatal":
            if page is None:
                css_errors.append(f"{message.get('url', '?')} {text}")
            else:
                page.vnu_errors.append(text)
        elif page is not None:
            page.vnu_warnings.append(text)
    return css_errors


def fulfil_with(html: str, status: int):
    """A Playwright route handler that answers with ``html``."""

    def handler(route):
        route.fulfill(status=status, body=html, content_type="text/html; charset=utf-8")

    return handler


def check_axe(all_pages: list[Page], base_url: str) -> None:
    from playwright.sync_api import sync_playwright

    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        for page_spec, viewport in itertools.product(all_pages, AXE_VIEWPORTS):
            # bypass_csp: axe is injected as a script the site's CSP does not allow.
            context = browser.new_context(bypass_csp=True, viewport=viewport)
            tab = context.new_page()
            width = f"{viewport['width']} px"
            if page_spec.own_request:
                # The HTML as fetched, at its own address (its styles load from there).
                url = base_url + page_spec.path
                tab.route(url, fulfil_with(page_spec.html, page_spec.status))
                tab.goto(url)
            elif page_spec.language == "en":
                # As a reader does it: the language switch in the footer.
                tab.goto(base_url + page_spec.path)
                tab.locator(".language-switch").get_by_role("link", name="English").click()
                tab.wait_for_load_state()
                if tab.locator("html").get_attribute("lang") != "en":
                    page_spec.axe_violations.append("language switch did not lead to English")
            else:
                response = tab.goto(base_url + page_spec.path)
                if response is None or response.status != page_spec.status:
                    page_spec.axe_violations.append(f"HTTP status {response and response.status}")
            tab.add_script_tag(path=str(AXE_JS))
            result = tab.evaluate("options => axe.run(document, options)", options)
            page_spec.axe_passes = len(result.get("passes", []))
            for violation in result["violations"]:
                targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
                page_spec.axe_violations.append(
                    f"{width}: {violation['id']} ({violation['impact']}): {violation['help']} "
                    f"- {targets}"
                )
            context.close()
        browser.close()


def check_lighthouse(page: Page, base_url: str, folder: Path) -> None:
    """LIGHTHOUSE_RUNS runs; each category's score is the median of them, as
    Lighthouse's documentation recommends against run-to-run variance."""
    runs = [
        run_lighthouse(page, base_url, folder / f"lighthouse-{page.key}-{n}.json")
        for n in range(1, LIGHTHOUSE_RUNS + 1)
    ]
    page.scores = {
        key: statistics.median_low(run[key] for run in runs) for key in LIGHTHOUSE_CATEGORIES
    }
    page.score_runs = runs
    page.layout_shift = max(run["cls"] for run in runs)


LIGHTHOUSE_ATTEMPTS = 3


def run_lighthouse(page: Page, base_url: str, report: Path) -> dict[str, int]:
    command = [
        str(LIGHTHOUSE),
        base_url + page.path,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    # Lighthouse sometimes fails to record a trace at all ("NO_NAVSTART", a known
    # flake of the tool, not a score): such a run is repeated, at most twice.
    for attempt in range(1, LIGHTHOUSE_ATTEMPTS + 1):
        report.unlink(missing_ok=True)
        result = subprocess.run(command, env=env, capture_output=True, text=True)
        if result.returncode == 0 and report.exists():
            break
        print(result.stdout[-3000:], result.stderr[-3000:], sep="\n", file=sys.stderr)
        print(f"lighthouse run failed on {page.path} (attempt {attempt})", file=sys.stderr)
    else:
        fail(f"lighthouse failed on {page.path} (exit {result.returncode})")
    data = json.loads(report.read_text())
    scores = {}
    for key in LIGHTHOUSE_CATEGORIES:
        score = data["categories"][key]["score"]
        scores[key] = round(100 * score) if score is not None else 0
    # Cumulative layout shift as measured (not a score): home must have none.
    scores["cls"] = data["audits"]["cumulative-layout-shift"]["numericValue"]
    if any(score < MIN_LIGHTHOUSE for score in scores.values()):
        # Name the audits that cost points, so the failure can be acted on.
        for key in LIGHTHOUSE_CATEGORIES:
            if scores[key] >= MIN_LIGHTHOUSE:
                continue
            for ref in data["categories"][key]["auditRefs"]:
                audit = data["audits"][ref["id"]]
                if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                    print(
                        f"  lighthouse {page.key} {key}: {ref['id']} score {audit['score']}"
                        f" {audit.get('displayValue', '')}",
                        file=sys.stderr,
                    )
    return scores


# --------------------------------------------------------------------------
# Report


def summary(all_pages: list[Page], css_errors: list[str], versions: dict[str, str]) -> str:
    lines = [
        f"### Quality check, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {platform.node() or '?'} ({platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.system()} {platform.release()})  ",
        "Tools: " + ", ".join(f"{name} {version}" for name, version in versions.items()),
        "",
        "| Page | URL | HTTP | Nu errors | Nu warnings | axe violations | "
        + " | ".join(f"LH {c}" for c in LIGHTHOUSE_CATEGORIES)
        + " |",
        "|---|---|---|---|---|---|" + "---|" * len(LIGHTHOUSE_CATEGORIES),
    ]
    for page in all_pages:
        scores = [str(page.scores[c]) if page.scores else "–" for c in LIGHTHOUSE_CATEGORIES]
        url = page.path + (" (lang en)" if page.language == "en" else "")
        lines.append(
            f"| {page.title} | `{url}` | {page.status} | {len(page.vnu_errors)} | "
            f"{len(page.vnu_warnings)} | {len(page.axe_violations)} | {' | '.join(scores)} |"
        )
    names = ", ".join(f"static/css/{path.name}" for path in CSS_FILES)
    lines.append(f"| {names} | – | – | {len(css_errors)} | – | – |" + " – |" * 4)
    lines.append("")
    for page in all_pages:
        lines += [f"- Nu warning ({page.key}): {warning}" for warning in page.vnu_warnings]
    for page in all_pages:
        for number, run in enumerate(page.score_runs, start=1):
            figures = ", ".join(f"{key} {run[key]}" for key in LIGHTHOUSE_CATEGORIES)
            figures += f", CLS {run['cls']:.3f}"
            lines.append(f"- Lighthouse `{page.path}` run {number}: {figures}")
    lines.append(f"- Lighthouse scores in the table: median of {LIGHTHOUSE_RUNS} runs (mobile).")
    problems = problems_of(all_pages, css_errors)
    lines += ["", "**Result: " + ("FAILED**" if problems else "passed**")]
    if problems:
        lines += ["", *(f"- {problem}" for problem in problems)]
    return "\n".join(lines) + "\n"


def problems_of(all_pages: list[Page], css_errors: list[str]) -> list[str]:
    problems = [f"Nu (CSS): {error}" for error in css_errors]
    for page in all_pages:
        problems += [f"Nu ({page.key}): {error}" for error in page.vnu_errors]
        problems += [f"axe ({page.key}): {violation}" for violation in page.axe_violations]
        problems += [
            f"Lighthouse ({page.key}): {category} {score} < {MIN_LIGHTHOUSE}"
            for category, score in page.scores.items()
            if score < MIN_LIGHTHOUSE
        ]
        if page.no_layout_shift and page.layout_shift:
            problems.append(
                f"Lighthouse ({page.key}): cumulative layout shift {page.layout_shift:.3f} > 0"
            )
    return problems


def tool_versions() -> dict[str, str]:
    def package_version(name):
        return json.loads((NODE_MODULES / name / "package.json").read_text())["version"]

    chromium = subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True)
    return {
        "vnu-jar": package_version("vnu-jar"),
        "axe-core": package_version("axe-core"),
        "Lighthouse": package_version("lighthouse"),
        "Chromium": chromium.stdout.split()[1] if chromium.stdout else "?",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--summary", type=Path, help="also write the markdown summary here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--no-lighthouse",
        action="store_true",
        help="skip Lighthouse (for trying the other checks; make quality never skips it)",
    )
    args = parser.parse_args()

    for needed in (VNU_JAR, AXE_JS, LIGHTHOUSE):
        if not needed.exists():
            fail(f"{needed.relative_to(ROOT)} is missing: run `npm ci --ignore-scripts` first")
    if not CHROMIUM.exists():
        fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    if shutil.which("java") is None:
        fail("java not found (apt-get install default-jre-headless)")

    work = Path(tempfile.mkdtemp(prefix="newsroom-quality-"))
    env = production_env(work)
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    manage(env, "collectstatic", "--noinput")
    all_pages = pages(env)

    port = free_port()
    server = start_server(env, port, work / "gunicorn.log")
    base_url = f"http://127.0.0.1:{port}"
    try:
        for page in all_pages:
            status, page.html = fetch_page(port, page)
            if status != page.status:
                page.vnu_errors.append(f"HTTP status {status}, expected {page.status}")
        print("Nu HTML Checker …", flush=True)
        css_errors = check_vnu(all_pages, work)
        print("axe-core …", flush=True)
        check_axe(all_pages, base_url)
        for page in all_pages:
            if page.lighthouse and not args.no_lighthouse:
                print(f"Lighthouse {page.path} …", flush=True)
                check_lighthouse(page, base_url, work)
    finally:
        server.terminate()
        server.wait(timeout=30)

    report = summary(all_pages, css_errors, tool_versions())
    print()
    print(report)
    if args.summary:
        args.summary.write_text(report, encoding="utf-8")
    if args.keep:
        print(f"Kept {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if problems_of(all_pages, css_errors) else 0


if __name__ == "__main__":
    sys.exit(main())
