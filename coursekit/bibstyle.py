"""Bibliography style for the book: who published it, title (linked to its URL), date.

pybtex's ``plain`` style drops the ``organization`` of a ``@misc`` entry, so a UN resolution
would show with no publisher. Registered as the pybtex style ``coursekit``.
"""

from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.formatting import toplevel
from pybtex.style.template import field, first_of, href, optional, sentence, tag


class Style(UnsrtStyle):
    default_sorting_style = "none"

    def _course_template(self, e):
        return toplevel[
            optional[sentence[self.format_names("author")]],
            sentence[first_of[optional[field("organization")], optional[field("institution")],
                              optional[field("publisher")], optional[field("journal")]]],
            # the title is the link: the page stays short and the URL is one click away
            sentence[first_of[optional[href(field("url", raw=True))[tag("em")[field("title")]]],
                              tag("em")[field("title")]]],
            sentence[first_of[optional[field("date")], field("year")]],
            optional[sentence[field("note")]],
        ]

    get_misc_template = _course_template
    get_article_template = _course_template
    get_techreport_template = _course_template
    get_book_template = _course_template
    get_report_template = _course_template
    get_online_template = _course_template


def register() -> None:
    """Make the style known to pybtex as ``coursekit`` (sphinxcontrib-bibtex looks it up)."""
    from pybtex.plugin import register_plugin

    register_plugin("pybtex.style.formatting", "coursekit", Style, force=True)
