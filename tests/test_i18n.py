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


def _string(block: str, keyword: str) -> str | None:
    """The value of ``keyword`` ("msgid", "msgstr" …) in an entry, its continuation lines
    joined (escapes kept as written)."""
    match = re.search(rf'^{keyword} "(.*)"$((?:\n".*")*)', block, re.M)
    if match is None:
        return None
    return match.group(1) + "".join(re.findall(r'^"(.*)"$', match.group(2), re.M))


def _entries(po: Path) -> list[tuple[str, str, bool, bool, str | None]]:
    """(msgid, msgstr, fuzzy, plural, msgctxt) of every entry."""
    text = po.read_text(encoding="utf-8")
    out = []
    for block in text.split("\n\n"):
        msgid = _string(block, "msgid")
        msgstr = _string(block, "msgstr") or _string(block, r"msgstr\[0\]")
        if msgid:
            plural = "msgid_plural" in block
            fuzzy = "fuzzy" in block.split("msgid")[0]
            out.append((msgid, msgstr or "", fuzzy, plural, _string(block, "msgctxt")))
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


GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "_lazy"}
PGETTEXT = {"pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}
SKIPPED_DIRS = {".venv", "tests", "migrations", "bench", "var"}


def _source_messages() -> set[tuple[str | None, str]]:
    """(msgctxt, msgid) of every literal passed to gettext & co. in the product's Python code
    (not tests, migrations, the benchmarks or the virtualenv)."""
    import ast

    found: set[tuple[str | None, str]] = set()
    for path in ROOT.glob("**/*.py"):
        parts = path.relative_to(ROOT).parts
        if SKIPPED_DIRS & set(parts) or path.name == "conftest.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
            if node.func.id in GETTEXT and args and isinstance(args[0], str) and args[0]:
                found.add((None, args[0]))
            elif node.func.id in PGETTEXT and len(args) > 1 and isinstance(args[1], str):
                found.add((args[0] if isinstance(args[0], str) else None, args[1]))
    return found


def test_every_message_of_the_code_has_a_chinese_translation():
    """A string marked for translation in the code but absent from every catalogue (or left
    empty there) shows in English on a Chinese page or API answer."""
    translated: set[tuple[str | None, str]] = set()
    for po in PO_FILES:
        assert not re.search(r'^msgstr(?:\[0\])? ".*"\n(?:".*"\n)*msgid ', po.read_text(), re.M), (
            f"{po}: an entry without the blank line before it (the catalogue test cannot see it)"
        )
        translated |= {
            (ctx, msgid.replace('\\"', '"').replace("\\n", "\n"))
            for msgid, msgstr, fuzzy, _plural, ctx in _entries(po)
            if msgstr and not fuzzy
        }

    missing = sorted(_source_messages() - translated, key=str)

    assert not missing, f"no zh_Hans translation: {missing[:10]}"


def test_a_role_refusal_is_told_in_chinese():
    from django.utils import translation

    from accounts.roles import require_role
    from accounts.tests.factories import UserFactory
    from aftersales.errors import PermissionDeniedError

    user = UserFactory(roles=["agent"])
    with pytest.raises(PermissionDeniedError) as refused:
        require_role(user, {"manager"})
    with translation.override("zh-hans"):
        assert str(refused.value.message) == "您的角色无权执行此操作。"
