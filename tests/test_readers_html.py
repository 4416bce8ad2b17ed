"""The HTML reader: encodings, text as a browser shows it, tables with spans, refusals, sniffing.

Every page here is written by the test itself, so each case shows the markup it is about.
"""

from __future__ import annotations

import codecs
import json
import shutil
from pathlib import Path

import pytest

from auditor import audit
from auditor.cli.main import main
from auditor.engine.findings import locate
from auditor.engine.plugins import collect_checks
from auditor.readers.charset import family
from auditor.readers.sniff import content_kind
from auditor.report.errors import ReadError
from auditor.report.model import Report

FORMATS = Path(__file__).resolve().parent.parent / "samples" / "formats"
BODY = """<body>
<h1>一、项目基本情况</h1>
<p>&nbsp;&nbsp;本项目全年预算数200万元，全年执行数150万元，执行率75.00%。</p>
<table border="1">
<tr><th>项目</th><th>预算数（万元）</th><th>执行数（万元）</th></tr>
<tr><td>培训经费</td><td>120</td><td>90</td></tr>
</table>
</body></html>"""
SENTENCE = "本项目全年预算数200万元，全年执行数150万元，执行率75.00%。"


def page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>自评报告</title></head>{body}"


def read(pm, tmp_path: Path, content: str | bytes, name: str = "报告.html") -> Report:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return pm.hook.pfaudit_read(path=path, data=path.read_bytes())


def texts(report: Report) -> list[str]:
    """Paragraphs and headings in order, as the page shows them (not as normalised for reading)."""
    return [report.snippet(b.span) for b in report.blocks if not hasattr(b, "rows")]


# -- encodings ------------------------------------------------------------------------------

META_OLD = '<meta http-equiv="Content-Type" content="text/html; charset={}">'
META_NEW = '<meta charset="{}">'


@pytest.mark.parametrize(
    ("codec", "head", "encoding", "note"),
    [
        ("utf-8", META_NEW.format("utf-8"), "utf-8", None),
        ("utf-8", "", "utf-8", None),
        ("utf-8-sig", "", "utf-8", None),
        ("utf-16", "", "utf-16", "字节顺序标记"),
        ("gbk", META_OLD.format("gb2312"), "gb18030", "网页声明为 gb2312"),
        ("gbk", META_NEW.format("GBK"), "gb18030", "网页声明为 GBK"),
        ("gb18030", "", "gb18030", "网页未声明编码，按内容识别"),
        # Wrong declarations: the content decides, and the note says so.
        ("gbk", META_NEW.format("utf-8"), "gb18030", "网页声明的编码为 utf-8，与内容不符"),
        ("gbk", META_OLD.format("iso-8859-1"), "gb18030", "网页声明的编码为 iso-8859-1，与内容不符"),
        ("utf-8", META_OLD.format("gb2312"), "utf-8", "网页声明的编码为 gb2312，但内容是 UTF-8"),
    ],
)
def test_encodings(pm, tmp_path: Path, codec: str, head: str, encoding: str, note: str | None) -> None:
    report = read(pm, tmp_path, page(BODY, head).encode(codec))
    assert report.encoding == encoding
    assert len(report.notes) == (0 if note is None else 1)
    assert note is None or note in report.notes[0]
    assert texts(report) == ["一、项目基本情况", SENTENCE]
    assert report.tables[0].rows[0].values == ["项目", "预算数(万元)", "执行数(万元)"]


def test_an_xhtml_declaration_names_the_charset(pm, tmp_path: Path) -> None:
    xhtml = '<?xml version="1.0" encoding="gb2312"?>\n<html xmlns="http://www.w3.org/1999/xhtml">' + BODY
    report = read(pm, tmp_path, xhtml.encode("gbk"), "报告.xhtml")
    assert report.encoding == "gb18030" and "gb2312" in report.notes[0]
    assert texts(report)[1] == SENTENCE


def test_a_big5_page_under_a_gbk_meta_is_not_mojibake(pm, tmp_path: Path) -> None:
    body = "<body><p>本項目全年預算數200萬元，全年執行數150萬元，執行率75.00%，達成年度績效目標。</p></body>"
    report = read(pm, tmp_path, f"<html><head>{META_NEW.format('gbk')}</head>{body}</html>".encode("big5"))
    assert report.encoding == "big5hkscs" and "与内容不符" in report.notes[0]
    assert "全年執行數150萬元" in report.text  # the original characters; checks read them simplified
    assert "全年执行数150万元" in report.paragraphs[0].text.text


def test_a_few_broken_bytes_are_shown_as_a_browser_shows_them(pm, tmp_path: Path) -> None:
    good = page(BODY * 3, META_OLD.format("gb2312")).encode("gbk")
    cut = good.index("全年执行数".encode("gbk"))
    report = read(pm, tmp_path, good[:cut] + b"\xff" + good[cut:])
    assert report.notes == ("以 GB18030 编码读取；有 1 处字节无法解码，显示为 �",)
    assert "�全年执行数150万元" in report.text


@pytest.mark.parametrize(("label", "codec"), [("GB2312", "gb18030"), ("x-gbk", "gb18030"), ("Big5", "big5hkscs"),
                                              ("UTF-16", "utf-8"), ("latin1", "cp1252"), ("koi8-r", "koi8-r"),
                                              ("no-such-charset", None)])  # fmt: skip
def test_charset_families(label: str, codec: str | None) -> None:
    assert family(label) == codec


# -- text as a browser shows it ---------------------------------------------------------------


def test_what_a_browser_does_not_show_is_left_out(pm, tmp_path: Path) -> None:
    body = """<body>
    <script>var rate = "执行率99%";</script><style>.a { content: "预算" }</style>
    <noscript>请启用脚本</noscript><!-- 执行率88% --><template><p>模板</p></template>
    <p hidden>隐藏一</p><p style="color:red; DISPLAY: none">隐藏二</p><input type="hidden" value="2020年">
    <p>正文<!-- 注释 -->第一段<![if !supportLists]>1.<![endif]>完<o:p></o:p></p>
    </body>"""
    report = read(pm, tmp_path, page(body))
    assert texts(report) == ["正文第一段1.完"]
    for hidden in ("99%", "预算", "请启用", "88%", "模板", "隐藏", "2020", "自评报告"):
        assert hidden not in report.text


def test_white_space_entities_and_breaks(pm, tmp_path: Path) -> None:
    body = """<body><div>第一行&nbsp;&nbsp;A&amp;B &lt;x&gt; &#20013;&#x6587; &ldquo;引号&rdquo;<br>第二行
    <span>接着</span>写</div>
    <p>一句话在源码里
    折了行，English words
    keep a space。</p><ul><li>甲</li><li>乙</li></ul><pre>  保留  空格
第二行</pre><h3>三、标题</h3>\u200b零宽\ufeff字符</body>"""
    assert texts(read(pm, tmp_path, page(body))) == [
        "第一行  A&B <x> 中文 “引号”",
        "第二行接着写",  # a line break between Chinese characters is no space (CSS Text 3)
        "一句话在源码里折了行，English words keep a space。",
        "甲",
        "乙",
        "保留  空格",
        "第二行",
        "三、标题",
        "零宽字符",
    ]


def test_paragraphs_are_numbered_and_in_document_order(pm, tmp_path: Path) -> None:
    report = read(pm, tmp_path, page(BODY))
    assert [type(b).__name__ for b in report.blocks] == ["Heading", "Paragraph", "Table"]
    assert [(a.paragraph, report.text[a.span.start : a.span.end]) for a in report.anchors] == [
        (1, "一、项目基本情况\n"),
        (2, "本项目全年预算数200万元，全年执行数150万元，执行率75.00%。\n"),
    ]
    assert report.tables[0].section == ("一、项目基本情况",)


# -- tables ---------------------------------------------------------------------------------

MERGED = """<body><p>一、项目绩效自评表</p>
<table><caption>表1 绩效指标</caption>
<tfoot><tr><td colspan="2">合计</td><td>50</td></tr></tfoot>
<thead><tr><th>一级指标</th><th>三级指标</th><th>分值</th></tr></thead>
<tbody>
<tr><td rowspan="3">产出指标（50分）</td><td>培训人数</td><td>20</td></tr>
<tr><td>培训场次</td><td>20</td></tr>
<tr><td>宣传册<br>发放数量</td><td>10</td></tr>
</tbody></table></body>"""


def test_rowspan_and_colspan_like_merged_word_cells(pm, tmp_path: Path) -> None:
    report = read(pm, tmp_path, page(MERGED))
    [table] = report.tables
    assert table.grouping_certain and table.layout == "html"
    # The footer shows last, whatever its place in the source.
    assert [r.values for r in table.rows] == [
        ["一级指标", "三级指标", "分值"],
        ["产出指标(50分)", "培训人数", "20"],
        ["产出指标(50分)", "培训场次", "20"],
        ["产出指标(50分)", "宣传册发放数量", "10"],
        ["合计", "", "50"],
    ]
    # A row-spanned label belongs to every row it covers, printed once, in one place.
    labels = [table.rows[r].cells[0] for r in (1, 2, 3)]
    assert len({c.span for c in labels}) == 1 and report.text.count("产出指标（50分）") == 1
    where = locate(report, labels[2].span)
    assert (where.table, where.table_row, where.table_column, where.line) == (1, 2, 1, None)
    # <br> in a cell is a line break inside the cell, not a new row or cell.
    assert report.snippet(table.rows[3].cells[1].span) == "宣传册 发放数量"
    assert texts(report) == ["一、项目绩效自评表", "表1 绩效指标"]


def test_spans_across_both_ways_and_odd_values(pm, tmp_path: Path) -> None:
    body = """<body><table>
    <tr><td rowspan="2" colspan="2">甲</td><td>乙</td><td rowspan="0">丙</td></tr>
    <tr><td colspan="2px">丁</td></tr>
    <tr><td>戊</td><td rowspan="9">己</td><td colspan="x">庚</td></tr>
    <tr></tr>
    </table></body>"""
    table = read(pm, tmp_path, page(body)).tables[0]
    # 丁 lands in the first free column; the overlap with 丙 keeps 丙 (the first cell to claim it).
    assert [r.values for r in table.rows] == [
        ["甲", "", "乙", "丙"],
        ["甲", "", "丁", "丙"],
        ["戊", "己", "庚", "丙"],
        ["", "己", "", "丙"],  # the empty row exists: 己 and 丙 span into it (to the end of the group)
    ]
    assert table.rows[1].cells[0].span == table.rows[0].cells[0].span


def test_nested_layout_tables_are_read_through(pm, tmp_path: Path) -> None:
    body = """<body><table width="1000"><tr><td>首页 | 政务公开</td><td>当前位置：绩效评价</td></tr>
    <tr><td colspan="2"><h2>自评报告</h2>
      <table><tr><td><p>二、资金情况</p>
        <table border="1"><tr><td>预算数</td><td>200</td></tr><tr><td>执行数</td><td>150</td></tr></table>
      </td></tr></table>
    </td></tr></table></body>"""
    report = read(pm, tmp_path, page(body))
    assert [[r.values for r in t.rows] for t in report.tables] == [[["预算数", "200"], ["执行数", "150"]]]
    assert texts(report) == ["首页 | 政务公开", "当前位置：绩效评价", "自评报告", "二、资金情况"]


def test_an_article_in_a_layout_cell_keeps_its_paragraphs(pm, tmp_path: Path) -> None:
    article = "".join(f"<p>第{n}段正文。</p>" for n in range(1, 13))
    body = (
        f"<body><table><tr><td>导航</td><td>{article}</td></tr></table><table><tr><td>只有一列</td></tr></table></body>"
    )
    report = read(pm, tmp_path, page(body))
    assert report.tables == []
    assert texts(report) == ["导航", *(f"第{n}段正文。" for n in range(1, 13)), "只有一列"]


def test_a_table_of_blank_cells_is_no_table(pm, tmp_path: Path) -> None:
    body = "<body><table><tr><td>&nbsp;</td><td></td></tr></table><p>正文</p></body>"
    report = read(pm, tmp_path, page(body))
    assert report.tables == [] and texts(report) == ["正文"]


def test_findings_on_a_page_name_the_cell_and_the_paragraph(pm, tmp_path: Path) -> None:
    body = """<body><p>一、项目概况</p><p>2021年度本项目全年预算数200万元，全年执行数150万元，预算执行率75.00%。</p>
    <table border="1"><tr><td>项目资金（万元）</td><td>年初预算数</td><td>全年预算数</td><td>全年执行数</td><td>执行率</td></tr>
    <tr><td>年度资金总额</td><td>200</td><td>200</td><td>150</td><td>90%</td></tr></table></body>"""
    report = read(pm, tmp_path, page(body))
    findings = audit(report, collect_checks(pm), strict=True)
    am01 = next(f for f in findings if f.code == "AM01")
    assert (am01.location.table, am01.location.table_row, am01.location.table_column) == (1, 2, 5)
    assert am01.location.anchor() == "表1 第2行 第5列" and am01.snippet == "90%"
    prose = [f for f in findings if f.location.table is None]
    assert prose and all(f.location.paragraph == 2 and f.location.line is None for f in prose)


# -- refusals -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "为空"),
        (b" \r\n\t ", "空网页"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "二进制"),
        (bytes(range(128, 256)) * 40, "无法识别"),
        (page("<body><script>document.write('执行率');</script></body>").encode(), "没有可检查的文字"),
        (page("<frameset><frame src='main.html'></frameset>").encode(), "没有可检查的文字"),
        (page("<body>" + "<div>" * 3000 + "文字" + "</div>" * 3000 + "</body>").encode(), "无法完整解析"),
        (codecs.BOM_UTF8 + b"\xff\xfe\xfd", "无法按 UTF-8 解码"),
    ],
)
def test_bad_pages_are_refused_with_a_reason(pm, tmp_path: Path, content: bytes, words: str) -> None:
    with pytest.raises(ReadError, match=words):
        read(pm, tmp_path, content)


def test_each_bad_page_is_one_unreadable_finding_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a-空.html").write_bytes(b"")
    (tmp_path / "b-脚本.htm").write_text(page("<body><script>x()</script></body>"), encoding="utf-8")
    (tmp_path / "c-正常.html").write_text(page(BODY), encoding="utf-8")
    out = tmp_path / "out.json"
    main([str(tmp_path), "--format", "json", "--output", str(out)])
    files = json.loads(out.read_text(encoding="utf-8"))["files"]
    assert [Path(f["path"]).name for f in files] == ["a-空.html", "b-脚本.htm", "c-正常.html"]
    assert [bool(f["error"]) for f in files] == [True, True, False]
    assert files[2]["kind"] == "html"


# -- sniffing: pages under other names --------------------------------------------------------------

EXCEL_EXPORT = (
    '<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">'
    '<head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    "<!--[if gte mso 9]><xml><x:ExcelWorkbook><x:ExcelWorksheets><x:ExcelWorksheet><x:Name>自评表</x:Name>"
    "</x:ExcelWorksheet></x:ExcelWorksheets></x:ExcelWorkbook></xml><![endif]--></head><body>"
    '<table border="1"><tr><td>项目名称</td><td colspan="2">社区治理</td></tr>'
    "<tr><td>全年预算数</td><td>全年执行数</td><td>执行率</td></tr><tr><td>200</td><td>150</td><td>75%</td></tr>"
    "</table></body></html>"
)


@pytest.mark.parametrize("name", ["自评表.xls", "自评表.doc", "自评表.et", "自评表.txt", "自评表", "show.jsp"])
def test_a_page_under_another_name_is_read_as_a_page(pm, tmp_path: Path, name: str) -> None:
    report = read(pm, tmp_path, EXCEL_EXPORT.encode("gbk"), name)
    assert report.kind == "html"
    assert [r.values for r in report.tables[0].rows] == [
        ["项目名称", "社区治理", ""],
        ["全年预算数", "全年执行数", "执行率"],
        ["200", "150", "75%"],
    ]
    assert "ExcelWorkbook" not in report.text and "自评表" not in report.text
    named = [n for n in report.notes if "内容其实是网页" in n]
    assert len(named) == (1 if Path(name).suffix in (".xls", ".doc", ".et") else 0)


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"<!-- saved from url=(0022)http://example.gov.cn -->\r\n<html><body>x</body></html>", "html"),
        (b"<table border=1><tr><td>\xcf\xee\xc4\xbf</td></tr></table>", "html"),  # a bare "Excel" export
        (codecs.BOM_UTF16_LE + "<html><body>报告</body></html>".encode("utf-16-le"), "html"),
        (b'<?xml version="1.0"?>\n<!DOCTYPE html>\n<html><body>x</body></html>', "html"),
        (b'<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook>', "unknown"),
        ("一、项目概况\n<p>不是网页开头".encode(), "unknown"),
    ],
)
def test_content_kind_of_pages(content: bytes, kind: str) -> None:
    assert content_kind(content) == kind


@pytest.mark.parametrize("name", ["错误页.pdf", "错误页.docx", "错误页.xlsx"])
def test_a_page_named_as_a_pdf_or_docx_is_a_saved_error_page(pm, tmp_path: Path, name: str) -> None:
    with pytest.raises(ReadError, match="网页"):
        read(pm, tmp_path, page("<body><h1>404 您访问的页面不存在</h1></body>").encode(), name)


def test_text_named_html_is_read_as_a_browser_shows_it(pm, tmp_path: Path) -> None:
    report = read(pm, tmp_path, "项目预算数200万元。\n执行数150万元。\n".encode("gbk"))
    assert report.kind == "html" and texts(report) == ["项目预算数200万元。执行数150万元。"]


def test_the_page_is_never_written(pm, tmp_path: Path) -> None:
    for name in ("chaoyang.html", "gumei.html", "shangjie.htm"):
        path = tmp_path / name
        shutil.copyfile(FORMATS / name, path)
        before = path.read_bytes(), path.stat().st_mtime_ns, sorted(p.name for p in tmp_path.iterdir())
        pm.hook.pfaudit_read(path=path, data=path.read_bytes())
        assert (path.read_bytes(), path.stat().st_mtime_ns, sorted(p.name for p in tmp_path.iterdir())) == before


# -- strange markup -------------------------------------------------------------------------------

MARKUP = [
    "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>", '<td rowspan="3">', '<td colspan="2">',
    '<td rowspan="0" colspan="999">', '<td rowspan="-1">', "<tbody>", "<thead>", "<tfoot>", "<caption>", "<p>",
    "</p>", "<br>", "<div>", "</div>", "<pre>", "</pre>", "<script>", "</script>", "<!--", "-->", "<li>", "<h2>",
    '<span style="display:none">', "</span>", "&nbsp;", "&#0;", "&#xD800;", "&bogus;", "<", ">", "\n", "一、",
    "执行率", "59.93%", "200万元", "合计", "𠮷", "\u3000", "\x0c", "<o:p>", "<![if !vml]>", "<![endif]>",
]  # fmt: skip


@pytest.mark.parametrize("seed", range(4))
def test_strange_markup_is_read_or_refused(pm, tmp_path: Path, seed: int) -> None:
    import random

    rng = random.Random(seed)
    checks = collect_checks(pm)
    originals = [(FORMATS / n).read_bytes() for n in ("chaoyang.html", "gumei.html", "shangjie.htm")]
    for n in range(20):
        if n % 2:
            data = "".join(rng.choice(MARKUP) for _ in range(rng.randint(1, 300))).encode("utf-8")
        else:
            data = bytearray(rng.choice(originals))
            for _ in range(rng.randint(1, 30)):
                data[rng.randrange(len(data))] = rng.randrange(1, 256)
            data = bytes(data[: rng.randint(1, len(data))])
        path = tmp_path / f"page-{seed}-{n}.html"
        path.write_bytes(data)
        try:
            report = pm.hook.pfaudit_read(path=path, data=data)
        except ReadError as exc:
            assert str(exc)
            continue
        assert report.kind == "html"
        audit(report, checks, strict=True)


def test_a_form_cell_with_many_paragraphs_stays_a_form(pm, tmp_path: Path) -> None:
    """Word writes a <p> per line in a cell; a long cell among many is still a form cell."""
    lines = "".join(f"<p class=MsoNormal>{n}. 完成第{n}项工作。<o:p></o:p></p>" for n in range(1, 14))
    rows = "".join(f"<tr><td>指标{n}</td><td>{'很长的说明文字' * 40}</td></tr>" for n in range(4))
    body = f"<body><table><tr><td>主要绩效</td><td>{lines}</td></tr>{rows}</table></body>"
    [table] = read(pm, tmp_path, page(body)).tables
    assert len(table.rows) == 5 and table.rows[0].values[1].startswith("1.完成第1项工作。2.")


@pytest.mark.parametrize(
    "rows",
    [
        '<tr><td colspan="1000">宽</td></tr>' * 300,  # 300,000 cells from 10 KB
        "<tr>" + '<td colspan="1000">宽</td>' * 300 + "</tr>" + "<tr><td>窄</td></tr>" * 2,
    ],
)
def test_spans_that_ask_for_millions_of_cells_are_refused(pm, tmp_path: Path, rows: str) -> None:
    with pytest.raises(ReadError, match="单元格"):
        read(pm, tmp_path, page(f"<body><table><tr><td>甲</td><td>乙</td></tr>{rows}</table></body>"))


@pytest.mark.parametrize(("source", "kind"), [("chaoyang.docx", "docx"), ("gumei.xlsx", "xlsx"), ("gumei.pdf", "pdf")])
def test_an_office_file_named_html_is_read_by_its_own_reader(pm, tmp_path: Path, source: str, kind: str) -> None:
    report = read(pm, tmp_path, (FORMATS / source).read_bytes(), "下载.html")
    assert report.kind == kind and report.tables


def test_a_line_that_looks_like_a_text_table_stays_prose(pm, tmp_path: Path) -> None:
    """A page's tables are its <table>s; navigation separated by pipes is a paragraph."""
    body = f"<body><div>| 首页 | 政务公开 | 财政资金 |</div><p>| 一 | 二 |</p>{BODY[6:]}"
    report = read(pm, tmp_path, page(body))
    assert [t.layout for t in report.tables] == ["html"]
    assert texts(report)[:2] == ["| 首页 | 政务公开 | 财政资金 |", "| 一 | 二 |"]
    where = locate(report, report.paragraphs[1].span)
    assert (where.paragraph, where.table) == (2, None)
