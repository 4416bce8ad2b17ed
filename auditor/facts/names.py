"""Project names as printed: in the title, and in body passages that speak of "X项目" as the project.
"""

from __future__ import annotations

import regex

from auditor.facts.types.prose import NameMention
from auditor.report.model import Report

_TITLE = regex.compile(
    r"(?:19|20)\d{2}年度?(?P<name>\p{Han}[\p{Han}()]{1,40}?)(?:项目)?(?:支出)?(?:绩效|自评|评价)"
)
_BODY_NAME = regex.compile(
    r"(?:(?:19|20)\d{2}年度?|(?<=对|^|[,。;:]))(?P<name>(?:(?![对的和与及了在是把被将为从以其该我等]|根据|通过)\p{Han}){2,16}?)项目"
    r"(?=预算|资金|绩效|的绩效|共安排|自评|总投资|经费)"
)
_NAME_FILLER = regex.compile(r"经费|资金|预算|专项|工作|项目|年度|支出|补助|财政|[()]")
_GENERIC = regex.compile(r"^(?:部门|单位|整体|部门整体|本|该|各|全部|所有|重点|新增|续建|其他)?$")
_BAD_NAME_START = regex.compile(r"^(?:共|已|对|该|本|各|此|其|所有|全部|实施|开展|完成|我|年|致使|导致|由于|因此|使)")
_DEPARTMENT = regex.compile(r"部门整体|整体支出|部门预算")


def _strip_name(name: str) -> str:
    return _NAME_FILLER.sub("", name)


def names(report: Report) -> list[NameMention]:
    """The project name in the title and every body passage that names 'X项目' as the project."""
    out: list[NameMention] = []
    title = -1
    for n, paragraph in enumerate(report.paragraphs[:3]):
        text = paragraph.text
        if len(text) > 60 or _DEPARTMENT.search(text.text):
            continue
        m = _TITLE.search(text.text)
        if m and not _GENERIC.match(_strip_name(m["name"])):
            out.append(NameMention(m["name"], text[m.start("name") : m.end("name")], "title"))
            title = n
            break
    for n, paragraph in enumerate(report.paragraphs):
        text = paragraph.text
        if n == title:
            continue
        for m in _BODY_NAME.finditer(text.text):
            name = m["name"]
            if _BAD_NAME_START.match(name) or _GENERIC.match(_strip_name(name)):
                continue
            out.append(NameMention(name, text[m.start("name") : m.end("name") + 2], "body"))
    return out
