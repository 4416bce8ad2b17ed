"""The ``pfaudit`` command line: its options and their help in Chinese and English.

The language of everything the CLI says comes from ``--lang``, then ``PFAUDIT_LANG``, then
``lang`` in the configuration, then Chinese. The help is built after a look at the first
two (`auditor.pipeline.config.early_lang`), since the configuration is not read yet when ``--help``
is shown.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from auditor.pipeline.config import FAIL_ON, LANGS
from auditor.pipeline.result import RISK_CAP, RISK_WEIGHTS
from auditor.readers.limits import OCR_MODES
from auditor.run.stages import EXECUTORS

# Option → (Chinese help, English help).
HELP: dict[str, tuple[str, str]] = {
    "description": ("检查项目支出绩效自评报告/自评表的前后矛盾之处。",
                    "Check Chinese budget-performance self-evaluation reports for contradictions."),
    "epilog": ("其他命令：pfaudit rules（列出全部检查）；pfaudit explain 代码（查看某项检查的说明）；"
               "pfaudit serve（在浏览器中使用的检查网页）；pfaudit register --db 数据库 -o 台账.xlsx（从审计历史写出台账）。"
               "退出码：0 没有达到 --fail-on 级别的发现；1 有；2 用法、配置、基线或插件错误。",
               "Other commands: pfaudit rules (every check); pfaudit explain CODE (one check's documentation); "
               "pfaudit serve (the web page for checking in a browser); "
               "pfaudit register --db DATABASE -o REGISTER.xlsx (the register, from the audit history). "
               "Exit codes: 0 no finding reaches --fail-on; 1 one does; 2 a usage, configuration, baseline or plugin error."),
    "paths": ("要检查的文件或文件夹；- 表示从标准输入读取", "files or folders to check; - reads standard input"),
    "format": ("输出格式（默认 text；xlsx 须配合 --output）", "output format (default text; xlsx needs --output)"),
    "output": ("把结果写入文件而不是标准输出", "write the result to a file instead of standard output"),
    "annotate": ("另存一份带批注的报告：Word 加批注、Excel 加单元格批注；PDF 和文本存为标注后的网页，文件名以 .html 结尾"
                 "（原文件不会改动）",
                 "save an annotated copy of the report: Word comments, Excel cell notes; PDF and text become a marked-up "
                 "web page, named .html (the original is not changed)"),
    "select": ("只运行这些检查（逗号分隔：代码、前缀、名称或类别），取代配置中的 select",
               "run only these checks (comma-separated codes, prefixes, names or categories), replacing select"),
    "extend_select": ("在配置之外再启用这些检查", "enable these checks as well"),
    "ignore": ("不运行这些检查（逗号分隔），追加到配置中的 ignore", "do not run these checks (comma-separated), added to ignore"),
    "exclude": ("不检查的文件（逗号分隔的 glob，相对于当前目录），取代配置中的 exclude 和默认值",
                "files not to check (comma-separated globs, relative to the working directory), replacing exclude and the defaults"),
    "extend_exclude": ("另外不检查的文件（逗号分隔的 glob，相对于当前目录）",
                       "more files not to check (comma-separated globs, relative to the working directory)"),
    "respect_gitignore": ("遵循 .gitignore（默认遵循）", "honour .gitignore files (the default)"),
    "force_exclude": ("命令行直接给出的文件也按 exclude 排除", "apply exclude to files named on the command line too"),
    "stdin_filename": ("标准输入的文件名：决定读取方式，并用于显示位置和 per-path-ignores",
                       "the name of standard input: picks the reader and is shown and matched by per-path-ignores"),
    "config": ("配置文件（默认向上查找 pfaudit.toml 或含 [tool.pfaudit] 的 pyproject.toml）",
               "configuration file (default: pfaudit.toml, or pyproject.toml with [tool.pfaudit], found upward)"),
    "profile": ("地区参数配置（默认 national）", "regional profile (default national)"),
    "fail_on": ("达到此级别的发现使退出码为 1（默认 warning）", "exit 1 when a finding reaches this severity (default warning)"),
    "lang": ("消息与表头的语言（默认中文；也可用环境变量 PFAUDIT_LANG）",
             "language of messages and headers (default Chinese; also the PFAUDIT_LANG environment variable)"),
    "color": ("text 输出是否着色（auto：仅在终端且未设置 NO_COLOR 时）",
              "colour the text output (auto: only on a terminal without NO_COLOR)"),
    "statistics": ("每个检查代码一行：发现次数及各级别数量", "one row per check code: findings and their severities"),
    "summary": ("每份报告一行：各级别数量、最严重的发现、风险分（text/csv；json/xlsx 总是包含）。"
                "风险分 = min({cap}, {error}×错误 + {warning}×警告 + {info}×提示)",
                "one row per report: counts, worst finding, risk score (text/csv; json/xlsx always have it). "
                "risk = min({cap}, {error}×errors + {warning}×warnings + {info}×infos)"),
    "quiet": ("-q 只输出发现，不输出汇总；-qq 什么也不输出（只看退出码）",
              "-q prints the findings without the summary; -qq prints nothing (exit code only)"),
    "baseline": ("基线文件：其中记录的发现不再显示，只报告新的", "baseline file: findings recorded in it are hidden"),
    "write_baseline": ("把本次全部发现写入基线文件后退出（退出码 0）", "write every finding to a baseline file and exit 0"),
    "jobs": ("同时检查的进程数（默认自动：40 份以上的批量检查用全部 CPU 核）",
             "worker processes (default: every core for batches of 40 files or more)"),
    "no_progress": ("不显示进度条（默认仅在终端中批量检查时显示）", "no progress bar (default: only for batches on a terminal)"),
    "db": ("把本次检查记入审计历史（SQLite 文件名或 postgresql:// URL），跨报告检查也与历史比较",
           "record this run in the audit history (a SQLite file or a postgresql:// URL); corpus checks compare with it too"),
    "declarations": ("绩效目标申报表所在的文件或文件夹（可多次给出）：自评报告与其中同一项目、单位和年度的申报表对照，申报表本身不检查",
                     "a file or folder of target declarations (may be given more than once): each self-evaluation is held "
                     "against the one of its project, unit and year; the declarations themselves are not audited"),
    "register": ("另写出本次检查的台账（xlsx）：每份报告一行，含风险分与排名理由",
                 "also write this run's register (xlsx): one row per report, with its risk score and why it ranks there"),
    "executor": ("谁来逐份检查：process 本机进程池（默认）；dask 交给 Dask 集群",
                 "who audits the files: process, the local process pool (default); dask, a Dask cluster"),
    "scheduler": ("Dask 调度器地址（如 tcp://10.0.0.5:8786）；不给则在本机启动",
                  "the Dask scheduler's address (such as tcp://10.0.0.5:8786); without it a local cluster starts"),
    "time_limit": ("每个文件的检查时间上限（秒，默认 60；0 表示不限）：超时的文件记为无法检查，其余照常",
                   "time limit per file in seconds (default 60; 0: none): a file over it is reported, the rest go on"),
    "ocr": ("扫描件（只有图片的 PDF 页）的文字识别：auto 识别没有文字层的页（默认），always 每页都识别，never 不识别",
            "OCR of scanned PDF pages: auto reads the pages without a text layer (default), always every page, never none"),
    "memory_limit": ("每个检查进程的内存上限（MB，默认 1024；0 表示不限）",
                     "memory limit per worker process in MB (default 1024; 0: none)"),
    "plugin": ("额外加载的插件模块（可重复）", "load another plugin module (repeatable)"),
    "version": ("显示版本号后退出", "show the version and exit"),
}  # fmt: skip


def plugins_named(argv: Sequence[str]) -> list[str]:
    """The ``--plugin`` modules, found before parsing (their formats are choices of ``--format``)."""
    found = []
    for n, arg in enumerate(argv):
        if arg == "--plugin" and n + 1 < len(argv):
            found.append(argv[n + 1])
        elif arg.startswith("--plugin="):
            found.append(arg.split("=", 1)[1])
    return found


def parser(formats: Sequence[str], lang: str, version: str) -> argparse.ArgumentParser:
    """The ``pfaudit [check]`` parser, its help in `lang`."""
    en = lang == "en"

    def h(key: str) -> str:
        return HELP[key][en].format(cap=RISK_CAP, **RISK_WEIGHTS) if key == "summary" else HELP[key][en]

    p = argparse.ArgumentParser(prog="pfaudit", description=h("description"), epilog=h("epilog"))
    p.add_argument("paths", nargs="+", type=Path, help=h("paths"))
    p.add_argument("--format", "-f", default="text", choices=sorted(formats), help=h("format"))
    p.add_argument("--output", "-o", type=Path, help=h("output"))
    p.add_argument("--annotate", type=Path, metavar="OUT", help=h("annotate"))
    p.add_argument("--select", help=h("select"))
    p.add_argument("--extend-select", help=h("extend_select"))
    p.add_argument("--ignore", help=h("ignore"))
    p.add_argument("--exclude", help=h("exclude"))
    p.add_argument("--extend-exclude", help=h("extend_exclude"))
    p.add_argument("--respect-gitignore", action=argparse.BooleanOptionalAction, default=None, help=h("respect_gitignore"))
    p.add_argument("--force-exclude", action="store_true", default=None, help=h("force_exclude"))
    p.add_argument("--stdin-filename", help=h("stdin_filename"))
    p.add_argument("--config", type=Path, help=h("config"))
    p.add_argument("--profile", help=h("profile"))
    p.add_argument("--fail-on", choices=FAIL_ON, help=h("fail_on"))
    p.add_argument("--lang", choices=LANGS, help=h("lang"))
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto", help=h("color"))
    p.add_argument("--statistics", action="store_true", help=h("statistics"))
    p.add_argument("--summary", action="store_true", help=h("summary"))
    p.add_argument("--quiet", "-q", action="count", default=0, help=h("quiet"))
    p.add_argument("--baseline", type=Path, help=h("baseline"))
    p.add_argument("--write-baseline", type=Path, metavar="FILE", help=h("write_baseline"))
    p.add_argument("--jobs", "-j", type=int, default=0, metavar="N", help=h("jobs"))
    p.add_argument("--no-progress", action="store_true", help=h("no_progress"))
    p.add_argument("--db", help=h("db"))
    p.add_argument("--declarations", type=Path, action="append", default=[], metavar="PATH", help=h("declarations"))
    p.add_argument("--register", type=Path, metavar="FILE", help=h("register"))
    p.add_argument("--executor", choices=EXECUTORS, default="process", help=h("executor"))
    p.add_argument("--scheduler", metavar="ADDRESS", help=h("scheduler"))
    p.add_argument("--time-limit", type=float, metavar="SECONDS", help=h("time_limit"))
    p.add_argument("--memory-limit", type=int, metavar="MB", help=h("memory_limit"))
    p.add_argument("--ocr", choices=OCR_MODES, help=h("ocr"))
    p.add_argument("--plugin", action="append", default=[], help=h("plugin"))
    p.add_argument("--version", action="version", version=f"pfaudit {version}", help=h("version"))
    return p
