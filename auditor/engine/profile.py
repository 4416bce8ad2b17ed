"""Regional profiles: grade bands, weights, thresholds and formulas, as data (TOML)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

import regex

from auditor.report.errors import ConfigError
from auditor.report.numbers import Quantity


@dataclass(frozen=True, slots=True)
class Profile:
    """A named set of regional parameters; numbers are Decimal, never float."""

    name: str = "national"
    title: str = ""  # what people call the region's rules, where `name` is the key a configuration uses
    title_en: str = ""
    description: str = ""
    description_en: str = ""
    grade_bands: tuple[tuple[str, Decimal], ...] = ()
    level1_weights: dict[str, Decimal] = field(default_factory=dict)
    budget_score_mode: str = "linear"
    budget_score_cap: bool = True
    exec_reason_threshold: Decimal = Decimal("0.90")
    overachievement_ratio: Decimal = Decimal("1.3")
    qual_bands: tuple[Decimal, ...] = (Decimal("0.80"), Decimal("0.60"))
    reverse_formula: str = "either"
    score_floor: Decimal = Decimal("0.01")
    # Grade labels that name the same band ("优" and "优秀"), best band first.
    grade_synonyms: tuple[tuple[str, ...], ...] = ()
    max_leaf_weight_share: Decimal = Decimal("0.50")
    # Percent targets at or above this are exempt from the overachievement rule (≥90% met by 100%).
    overachievement_exempt_percent: Decimal = Decimal(85)
    # budget_score_mode = "bands": (lowest 执行率 in %, least and most share of the weight), best first.
    budget_score_bands: tuple[tuple[Decimal, Decimal, Decimal], ...] = ()
    # How a missed quantitative target scores: "proportional" (完成值 ÷ 指标值 × 分值, 10号) or
    # "pass_mark" (0 below `quantitative_pass` of the target, else (完成率 − pass) ÷ (1 − pass) × 分值, 101号 三(七)).
    quantitative_formula: str = "proportional"
    quantitative_pass: Decimal = Decimal("0.60")
    # 满意度 scored by bands (101号 三(七)): (lowest 满意度 in %, share of the weight), best first.
    satisfaction_bands: tuple[tuple[Decimal, Decimal], ...] = ()
    # The words that name each qualitative band, best first: 10号's and 101号's.
    band_words: tuple[tuple[str, ...], ...] = ()
    # -- target declarations (101号 三(六), 一(二), 三(三)) --------------------------------
    # Default level-1 splits of a declaration's indicator weights, by the level-1 kinds it has
    # (cost, output, outcome, satisfaction); 执行率's 10 is added at self-evaluation time.
    declaration_splits: tuple[dict[str, Decimal], ...] = ()
    declaration_totals: tuple[Decimal, ...] = (Decimal(100), Decimal(90))  # what a declaration's weights may add up to
    quantitative_share: Decimal = Decimal("0.50")  # "以定量表述为主": the least share of quantitative targets
    satisfaction_floor: Decimal = Decimal(85)  # a 满意度 target below this (percent) is not ambitious
    pass_rate_floor: Decimal = Decimal(90)  # a 合格率/验收率/达标率 target below this (percent) is not ambitious
    budget_cut_share: Decimal = Decimal(20)  # 全年预算数 below 年初预算数 by this percent is a cut the targets must follow
    # How a deviation reason (偏差原因) is read: regular-expression alternatives by kind
    # (non_answer, cause, measure, overshoot, exceeded, shortfall, negation, money_absent,
    # saving, timing, generic, vague). Wording differs by region and template, so it is data.
    reason_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The cause classes of the monitoring table (经费, 制度, 人员, 硬件条件), each with its words.
    cause_classes: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def label(self, lang: str = "zh") -> str:
        """The profile as people choose it: its title and what sets it apart, in `lang`."""
        title, description = (self.title_en, self.description_en) if lang == "en" else (self.title, self.description)
        return ("：" if lang != "en" else " — ").join(p for p in (title or self.name, description) if p)

    def score_tolerance(self, score: Quantity) -> Decimal:
        """How far a printed score may be off: half its last digit, but never below `score_floor`."""
        return max(score.tolerance, self.score_floor)

    def execution_score(self, weight: Decimal, rate: Decimal) -> Decimal | None:
        """The budget-execution score a weight earns at an execution rate (percent), or None for band scoring."""
        if self.budget_score_mode != "linear":
            return None
        used = min(rate, Decimal(100)) if self.budget_score_cap else rate
        return weight * used / 100

    def reason_pattern(self, kind: str) -> regex.Pattern:
        """The words of one kind in `reason_words` as one pattern; a kind with no words matches nothing."""
        return _alternatives(self.reason_words.get(kind, ()))

    def reason_claim(self, kind: str, text: str) -> regex.Match | None:
        """The first match of a kind of words that no `negation` word stands right before ("无未完成", "未超过")."""
        negation = _alternatives(tuple(f"(?:{w})$" for w in self.reason_words.get("negation", ())))
        for m in self.reason_pattern(kind).finditer(text):
            if not negation.search(text, max(0, m.start() - NEGATION_REACH), m.start()):
                return m
        return None

    def cause_class(self, text: str) -> tuple[str, ...]:
        """The cause classes whose words the text uses, in the profile's order; () when none fits (其他)."""
        return tuple(name for name, words in self.cause_classes.items() if _alternatives(words).search(text))


NEGATION_REACH = 3  # characters before a claim where a negation word turns it around


@lru_cache(maxsize=256)
def _alternatives(words: tuple[str, ...]) -> regex.Pattern:
    return regex.compile("|".join(f"(?:{w})" for w in words) or "(?!)")


_DECIMALS = (
    "exec_reason_threshold", "overachievement_ratio", "score_floor", "max_leaf_weight_share",
    "overachievement_exempt_percent", "quantitative_pass", "quantitative_share", "satisfaction_floor",
    "pass_rate_floor", "budget_cut_share",
)  # fmt: skip


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value))


def _from_mapping(data: dict[str, Any]) -> Profile:
    known = {f.name for f in fields(Profile)}
    unknown = set(data) - known - {"extends"}
    if unknown:
        raise ConfigError(
            f"地区参数 {data.get('name')!r} 中有未知的键：{sorted(unknown)}", f"profile {data.get('name')!r}: unknown keys {sorted(unknown)}"
        )
    data = {k: v for k, v in data.items() if k in known}
    if "grade_bands" in data:
        data["grade_bands"] = tuple((str(lab), _decimal(v)) for lab, v in data["grade_bands"])
    if "qual_bands" in data:
        data["qual_bands"] = tuple(_decimal(v) for v in data["qual_bands"])
    if "level1_weights" in data:
        data["level1_weights"] = {k: _decimal(v) for k, v in data["level1_weights"].items()}
    if "grade_synonyms" in data:
        data["grade_synonyms"] = tuple(tuple(str(x) for x in group) for group in data["grade_synonyms"])
    if "budget_score_bands" in data:
        data["budget_score_bands"] = tuple(
            (_decimal(rate), _decimal(least), _decimal(most)) for rate, least, most in data["budget_score_bands"]
        )
    if "satisfaction_bands" in data:
        data["satisfaction_bands"] = tuple((_decimal(low), _decimal(share)) for low, share in data["satisfaction_bands"])
    if "band_words" in data:
        data["band_words"] = tuple(tuple(str(w) for w in words) for words in data["band_words"])
    if "declaration_splits" in data:
        data["declaration_splits"] = tuple({k: _decimal(v) for k, v in split.items()} for split in data["declaration_splits"])
    if "declaration_totals" in data:
        data["declaration_totals"] = tuple(_decimal(v) for v in data["declaration_totals"])
    for key in _DECIMALS:
        if key in data:
            data[key] = _decimal(data[key])
    for key in _WORD_LISTS:
        if key in data:
            data[key] = {str(k): tuple(str(w) for w in v) for k, v in data[key].items()}
    return Profile(**data)


# Word lists merge kind by kind: a profile or a configuration that rewords one kind keeps the rest.
_WORD_LISTS = ("reason_words", "cause_classes")


def _merged(base: dict[str, Any], more: dict[str, Any]) -> dict[str, Any]:
    out = {**base, **more}
    for key in _WORD_LISTS:
        if isinstance(base.get(key), dict) and isinstance(more.get(key), dict):
            out[key] = {**base[key], **more[key]}
    return out


def builtin_profiles() -> list[str]:
    """Names of the profiles shipped with pfaudit."""
    folder = resources.files("auditor.engine") / "profiles"
    return sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))


def load_profile(name: str = "national", overrides: dict[str, Any] | None = None) -> Profile:
    """Load a built-in profile by name, then apply overrides from the configuration."""
    path = resources.files("auditor.engine") / "profiles" / f"{name}.toml"
    if not path.is_file():
        known = ", ".join(builtin_profiles())
        raise ConfigError(f"没有名为 {name!r} 的地区参数；内置的有：{known}", f"unknown profile {name!r}; built-in: {known}")
    data = tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    base = data.get("extends")
    if base:
        parent = tomllib.loads(
            (resources.files("auditor.engine") / "profiles" / f"{base}.toml").read_text(encoding="utf-8"),
            parse_float=Decimal,
        )
        data = _merged(parent, data)
    return _from_mapping(_merged(data, overrides or {}))
