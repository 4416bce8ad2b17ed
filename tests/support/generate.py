"""Generated self-evaluation reports for the corpus tests and bench/: independent prose, one shared form.

Every report has the same form instructions (the region's template text) and a fund and
indicator table; its prose is drawn at random from phrase lists, so two reports share no
sentence unless a test copies one on purpose. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

# What every report of the region carries: the form's own instructions.
FORM_TEXT = (
    "填报说明：本表金额单位为万元，执行率按全年执行数除以全年预算数计算，保留两位小数。",
    "偏差原因分析须逐项说明未完成指标的原因及拟采取的改进措施，不得以“无”代替。",
    "绩效等级按自评总分确定：九十分及以上为优，八十分至九十分为良，六十分至八十分为中，六十分以下为差。",
)
PLACES = [
    "东城",
    "西城",
    "南湖",
    "北苑",
    "青山",
    "绿水",
    "金桥",
    "银河",
    "长安",
    "新华",
    "和平",
    "光明",
    "朝阳",
    "红星",
    "建设",
    "友谊",
    "胜利",
    "团结",
    "文化",
    "阳光",
]
KINDS = [
    "街道办事处",
    "镇人民政府",
    "教育局",
    "卫生健康委员会",
    "民政局",
    "文化和旅游局",
    "农业农村局",
    "城市管理局",
    "住房和城乡建设局",
    "体育局",
]
WORKS = [
    "社区服务",
    "老年助餐",
    "环境整治",
    "道路养护",
    "校舍维修",
    "档案整理",
    "农田水利",
    "文化惠民",
    "全民健身",
    "垃圾分类",
    "河道保洁",
    "慢病管理",
]
SUBJECTS = [
    "项目组",
    "实施科室",
    "街道各社区",
    "镇村两级",
    "局机关",
    "承办单位",
    "第三方机构",
    "工作专班",
    "志愿者队伍",
    "网格员队伍",
    "基层站所",
    "业务科室",
    "财务科",
    "办公室",
    "技术小组",
    "督查组",
    "专家团队",
    "物业公司",
    "施工单位",
    "监理单位",
    "社工机构",
    "联络员",
    "驻村干部",
    "片区负责人",
]
ACTIONS = [
    "细化了工作台账",
    "完善了考核办法",
    "开展了专项督查",
    "组织了业务培训",
    "更新了服务设施",
    "建立了月报制度",
    "引入了第三方评估",
    "开展了满意度回访",
    "优化了审批流程",
    "加强了安全巡查",
    "修订了操作规程",
    "建成了信息平台",
    "落实了包保责任",
    "推行了清单管理",
    "召开了推进会议",
    "印发了实施方案",
    "开通了服务热线",
    "配备了专用车辆",
    "设立了便民窗口",
    "完成了入户走访",
    "整理了问题清单",
    "核对了基础台账",
    "制作了宣传展板",
    "举办了现场观摩",
]
RESULTS = [
    "群众反映的问题办结率明显提高",
    "服务覆盖面进一步扩大",
    "资金拨付进度加快",
    "安全事故零发生",
    "投诉数量同比下降",
    "设施完好率保持较高水平",
    "工作效率显著提升",
    "群众获得感持续增强",
    "基础数据更加准确",
    "管理短板逐步补齐",
    "服务对象满意度稳步上升",
    "部门协同更加顺畅",
    "办事时限平均缩短",
    "重复投诉基本消除",
    "台账资料全部归档",
    "隐患整改全部销号",
    "等候时间明显减少",
    "回访满意率超过预期",
    "问题发现更加及时",
    "居民参与热情高涨",
]
TIMES = [
    "一季度",
    "上半年",
    "三季度",
    "全年",
    "汛期前",
    "开学前",
    "春节前后",
    "年底前",
    "每月",
    "每周",
    "国庆期间",
    "五月份",
    "十一月",
    "暑假期间",
    "年初",
]
OBJECTS = [
    "辖区居民",
    "在校师生",
    "困难老人",
    "种植大户",
    "沿街商户",
    "建档立卡户",
    "退役军人",
    "外来务工人员",
    "残疾人家庭",
    "中小企业",
    "独居老人",
    "留守儿童",
    "新就业群体",
    "物业小区",
    "农村合作社",
    "快递网点",
    "养老机构",
    "社区医院",
]
PLACES_SMALL = [
    "东片",
    "西片",
    "老城区",
    "新城区",
    "工业园",
    "开发区",
    "滨河路",
    "中心村",
    "北山村",
    "南坡社区",
    "火车站周边",
    "学校周边",
]
SHAPES = (
    "{t}，{s}围绕{o}的需求{a}，累计{a2}{n}次，{r}。",
    "为解决{o}反映的突出问题，{s}在{p}{a}，{r}，{r2}。",
    "{p}的{o}是本年度的服务重点，{s}先后{a}和{a2}，共涉及{n}户。",
    "截至{t}末，{s}已{a}{n}项，其中{p}{a2}，{r}。",
    "{s}把{o}作为重点对象，{t}集中{a}，{p}一带{r}，{r2}。",
    "针对{p}的实际情况，{s}{a}并{a2}，全年惠及{o}{n}人次。",
)


@dataclass(frozen=True, slots=True)
class Project:
    """Who writes a report and about what."""

    unit: str
    work: str
    budget: Decimal  # 万元
    targets: tuple[tuple[str, str], ...]

    @property
    def name(self) -> str:
        """The 项目名称."""
        return f"{self.work}项目"


def project(rng: random.Random, n: int) -> Project:
    """The n-th project: a unit, a kind of work, a budget and its indicator targets."""
    unit = f"{PLACES[n % len(PLACES)]}{KINDS[(n // len(PLACES)) % len(KINDS)]}"
    work = f"{WORKS[n % len(WORKS)]}{'' if n < len(WORKS) else n}"
    targets = (
        ("服务人次", f"≥{rng.randint(2, 90) * 100}人次"), ("完成及时率", "≥95%"),
        ("政策知晓率", f"≥{rng.randint(80, 90)}%"), ("群众满意度", f"≥{rng.randint(85, 95)}%"),
    )  # fmt: skip
    return Project(unit, work, Decimal(rng.randint(20, 900)), targets)


def _clause(rng: random.Random) -> str:
    a, a2 = rng.sample(ACTIONS, 2)
    r, r2 = rng.sample(RESULTS, 2)
    return rng.choice(SHAPES).format(
        t=rng.choice(TIMES), s=rng.choice(SUBJECTS), o=rng.choice(OBJECTS), p=rng.choice(PLACES_SMALL),
        a=a, a2=a2, r=r, r2=r2, n=rng.randint(3, 980),
    )  # fmt: skip


def sentence(rng: random.Random) -> str:
    """One sentence of independent prose: two clauses, so that chance alone never repeats one."""
    return _clause(rng).rstrip("。") + "；" + _clause(rng)


def paragraphs(rng: random.Random, count: int = 4, length: int = 3) -> list[str]:
    """Independent paragraphs of `length` sentences."""
    return ["".join(sentence(rng) for _ in range(length)) for _ in range(count)]


LEVELS = (
    ("产出指标", "数量指标", 25),
    ("产出指标", "时效指标", 25),
    ("效益指标", "社会效益指标", 30),
    ("满意度指标", "服务对象满意度指标", 10),
)


def _met(target: str) -> str:
    """An actual value that meets a "≥N unit" target."""
    number = "".join(c for c in target if c.isdigit())
    return f"{int(number) + 1}{target.lstrip('≥').lstrip('0123456789')}"


@dataclass
class Report:
    """One generated report; `text()` renders it."""

    project: Project
    year: int
    spent: Decimal
    score: Decimal
    prose: list[str] = field(default_factory=list)
    reason: str = ""

    def text(self) -> str:
        """The report as a text file with a pipe table, as pfaudit reads it."""
        p = self.project
        rate = (self.spent / p.budget * 100).quantize(Decimal("0.01"))
        rows = "\n".join(
            f"| {level1} | {level2} | {name} | {target} | {_met(target)} | {weight} | {weight} | {self.reason if n == 0 else ''} |"
            for n, ((name, target), (level1, level2, weight)) in enumerate(zip(p.targets, LEVELS, strict=True))
        )
        body = "\n".join(f"{n + 1}、{para}" for n, para in enumerate(self.prose))
        return (
            f"{p.unit}{self.year}年度{p.name}绩效自评报告\n"
            f"项目名称：{p.name}\n预算单位：{p.unit}\n"
            f"一、项目基本情况\n{body}\n"
            "二、自评表\n"
            "| 项目资金（万元） | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |\n"
            f"| 年度资金总额 | {p.budget} | {self.spent} | 10 | {rate}% | {self.score - 90} |\n"
            "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |\n"
            f"{rows}\n| 合计 | | | | | 100 | {self.score} | |\n"
            f"{''.join(FORM_TEXT)}\n"
        )


def reports(count: int, seed: int = 11, year: int = 2023) -> list[Report]:
    """`count` reports by `count` different projects, written independently."""
    rng = random.Random(seed)
    out = []
    for n in range(count):
        p = project(rng, n)
        spent = (p.budget * Decimal(rng.randint(70, 100)) / 100).quantize(Decimal("0.01"))
        out.append(Report(p, year, spent, 90 + (spent / p.budget * 10).quantize(Decimal("0.01")), paragraphs(rng)))
    return out
