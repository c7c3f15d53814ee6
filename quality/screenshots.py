"""``make screenshots``: pictures of the reader's site for docs/reader-site.md.

    .venv/bin/python quality/screenshots.py [--out docs/screenshots] [--base-url URL]

Without ``--base-url`` the demo is served as ``make quality`` serves it
(quality/check.py: a throwaway SQLite database and MEDIA_ROOT with
``load_demo``, gunicorn with production settings on a free port). Chromium
(/usr/bin/chromium, ``CHROMIUM_PATH``) takes full-page screenshots at phone
(375 px) and desktop (1280 px) width, device pixel ratio 1. Every page is
scrolled to its end first, so the lazily loaded pictures are in the picture.
The article is cut after its first 1,600 px. The PNGs are stored with a
palette of 256 colours (a third of the bytes, text still crisp).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from check import CHROMIUM, ROOT, fail, free_port, manage, production_env, start_server

# (file name, path or a key of demo_paths(), viewport width, at most this tall)
SHOTS = [
    ("home-375.png", "/", 375, None),
    ("home-1280.png", "/", 1280, None),
    ("section-375.png", "section", 375, None),
    ("article-375.png", "article", 375, 1600),
]

SCROLL_THROUGH = """async () => {
  for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight / 2) {
    window.scrollTo(0, y);
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  window.scrollTo(0, 0);
  await Promise.all([...document.images].map(img => img.complete ? null :
    new Promise(resolve => { img.onload = img.onerror = resolve; })));
}"""


def demo_paths() -> dict[str, str]:
    import django

    django.setup()
    from articles.models import Article
    from demo.data import FLAGSHIP_SLUG

    flagship = Article.objects.published().get(slug=FLAGSHIP_SLUG)
    return {"section": flagship.section.get_absolute_url(), "article": flagship.get_absolute_url()}


def shrink(path: Path, tallest: int | None) -> None:
    from PIL import Image

    with Image.open(path) as shot:
        picture = shot.convert("RGB")
    if tallest and picture.height > tallest:
        picture = picture.crop((0, 0, picture.width, tallest))
    palette = picture.quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    # Dithered onto that palette: gradients in the pictures keep no visible bands.
    picture.quantize(palette=palette, dither=Image.Dither.FLOYDSTEINBERG).save(path, optimize=True)


def take(base_url: str, out: Path, paths: dict[str, str]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        for name, path, width, tallest in SHOTS:
            context = browser.new_context(viewport={"width": width, "height": 900})
            tab = context.new_page()
            response = tab.goto(base_url + paths.get(path, path))
            if response is None or response.status != 200:
                fail(f"{path} answered {response and response.status}")
            tab.evaluate(SCROLL_THROUGH)
            target = out / name
            tab.screenshot(path=str(target), full_page=True)
            shrink(target, tallest)
            written.append(target)
            print(f"{target}: {width} px", flush=True)
            context.close()
        browser.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--base-url", help="photograph this running site instead of the demo")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.base_url:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
        sys.path.insert(0, str(ROOT))
        take(args.base_url.rstrip("/"), args.out, demo_paths())
        return 0

    work = Path(tempfile.mkdtemp(prefix="newsroom-screenshots-"))
    env = production_env(work)
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    manage(env, "collectstatic", "--noinput")
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    sys.path.insert(0, str(ROOT))
    paths = demo_paths()
    port = free_port()
    server = start_server(env, port, work / "gunicorn.log")
    try:
        take(f"http://127.0.0.1:{port}", args.out, paths)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
