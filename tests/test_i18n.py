"""Every page in Simplified Chinese and English: browser preference and a switch on every page."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PO_FILES = sorted(
    p for p in ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po") if ".venv" not in p.parts
)

pytestmark = pytest.mark.django_db


def test_login_page_is_chinese_for_a_chinese_browser(client, settings):
    settings.LANGUAGE_CODE = "zh-hans"

    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").content.decode()

    assert '<html lang="zh-hans">' in page
    assert "登录" in page


def test_login_page_is_chinese_by_default(client, settings):
    settings.LANGUAGE_CODE = "zh-hans"

    page = client.get("/accounts/login/").content.decode()

    assert "登录" in page


def test_login_page_is_english_for_an_english_browser(client):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()

    assert "Log in" in page
    assert "登录" not in page


def test_language_switch_changes_the_page_language(client, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    assert "登录" in client.get("/accounts/login/").content.decode()

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    page = client.get(response["Location"]).content.decode()

    assert "Log in" in page
    assert "登录" not in page


def test_every_page_offers_the_language_switch(client):
    page = client.get("/accounts/login/").content.decode()

    assert 'action="/i18n/setlang/"' in page
    assert 'value="zh-hans"' in page
    assert 'value="en"' in page


def _entries(po: Path) -> list[tuple[str, str, bool, bool, str | None]]:
    """(msgid, msgstr, fuzzy, plural, msgctxt) of every entry."""
    text = po.read_text(encoding="utf-8")
    out = []
    for block in text.split("\n\n"):
        msgid = re.search(r'^msgid "(.*)"$', block, re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? "(.*)"$', block, re.M)
        context = re.search(r'^msgctxt "(.*)"$', block, re.M)
        if msgid and msgid.group(1):
            plural = "msgid_plural" in block
            fuzzy = "fuzzy" in block.split("msgid")[0]
            out.append(
                (
                    msgid.group(1),
                    msgstr.group(1) if msgstr else "",
                    fuzzy,
                    plural,
                    context.group(1) if context else None,
                )
            )
    return out


@pytest.mark.parametrize("po", PO_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_message_is_translated_and_compiled(po):
    entries = _entries(po)
    untranslated = [msgid for msgid, msgstr, fuzzy, _plural, _ctx in entries if not msgstr or fuzzy]
    assert not untranslated, f"untranslated in {po}: {untranslated[:10]}"

    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run make messages"
    with mo.open("rb") as fh:
        catalogue = gettext.GNUTranslations(fh)
    stale = [
        msgid
        for msgid, msgstr, _fuzzy, plural, context in entries
        if not plural
        and "\\" not in msgid
        and (catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid))
        != msgstr.replace('\\"', '"')
    ]
    assert not stale, f"{mo} is older than its .po (run make messages): {stale[:5]}"
