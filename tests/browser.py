"""What the browser tests share: logging in at the desk or the admin, the axe audit of a desk
page, and where screenshots go. The ``chromium`` and ``browser`` fixtures are in
tests/conftest.py."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

AXE = Path(__file__).resolve().parents[1] / ".ci" / "node_modules" / "axe-core" / "axe.min.js"


def shots_dir(name: str) -> Path:
    """The folder ``name`` below $DATELINE_DATA_DIR (or /tmp) for a test's screenshots;
    ``page.screenshot(path=...)`` creates it."""
    return Path(os.environ.get("DATELINE_DATA_DIR", "/tmp")) / name


def login(
    browser,
    base: str,
    username: str,
    *,
    admin: bool = False,
    language: str | None = None,
    viewport: tuple[int, int] | None = None,
    on_login_page: Callable | None = None,
):
    """Log ``username`` (password "pw", as ``make_user`` sets it) in at the desk, or at the
    admin with ``admin``, in a new context of ``browser``; return the page, on the home.

    ``language`` is the browser's locale; an Arabic desk login is switched to Arabic on the
    login page if it is not already, as a journalist would. ``viewport`` is (width, height),
    Playwright's default without it. ``on_login_page(page)`` runs before the form is filled.
    """
    options: dict = {}
    if viewport:
        options["viewport"] = {"width": viewport[0], "height": viewport[1]}
    if language:
        options["locale"] = language
    page = browser.new_context(**options).new_page()
    page.set_default_timeout(15_000)
    home = f"{base}/admin/" if admin else f"{base}/desk/"
    page.goto(f"{base}/admin/login/" if admin else home)
    if not admin and language == "ar" and page.get_attribute("html", "lang") != "ar":
        page.click("button[name=language][value=ar]")
        page.wait_for_selector("html[dir=rtl]")
    if on_login_page:
        on_login_page(page)
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("input[type=submit]" if admin else "button[type=submit]")
    page.wait_for_url(home)
    return page


def axe(page) -> list[str]:
    """Audit ``page``'s URL with axe in a twin context that lets the audit script in (the
    desk's own pages run under the real CSP, which forbids injected scripts); return the
    serious and critical violations."""
    if not AXE.is_file():
        return []
    twin = page.context.browser.new_context(
        bypass_csp=True, storage_state=page.context.storage_state(), viewport=page.viewport_size
    )
    audit = twin.new_page()
    audit.goto(page.url, wait_until="load")
    audit.wait_for_timeout(300)
    audit.add_script_tag(path=str(AXE))
    result = audit.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    twin.close()
    return [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
