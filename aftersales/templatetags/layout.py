"""``{% load layout %}``: pieces of the page layout every template shares."""

from __future__ import annotations

from django import template
from django.template.base import NodeList, Parser, Token
from django.template.context import Context
from django.utils.translation import gettext

register = template.Library()


class _TitleNode(template.Node):
    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: Context) -> str:
        site = gettext("After-sales service")
        page = " ".join(self.nodelist.render(context).split())
        return f"{page} · {site}" if page else site


@register.tag
def page_title(parser: Parser, token: Token) -> _TitleNode:
    """``{% page_title %}{% block title %}{% endblock %}{% endpage_title %}``: the page's own
    title, a separator and the site's name — or the site's name alone when a page has none."""
    nodelist = parser.parse(("endpage_title",))
    parser.delete_first_token()
    return _TitleNode(nodelist)
