"""Reading a figure the way Chinese documents write it: 342件, 50余次, 两期, 约30人, 2.83万元.

A figure is kept as value + qualifier + unit + the text as written, so that "50余次"
is never mistaken for a plain 50.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

# The measure words found after a number in running text, whether Arabic or Chinese
# (两期, 342件). Longest first, so that 批次 wins over 次 and 人次 over 人.
_MEASURE_WORDS = (
    "个百分点 平方公里 平方米 公里 千米 人次 户次 批次 场次 班次 件次 篇次 期次 "
    "件 篇 次 项 条 期 批 个 名 位 人 场 户 家 份 所 座 处 支 册 部 本 套 幅 张 台 辆 "
    "轮 组 类 堂 节 门 班 站 室 间 栋 首 封 例 笔 种 款 集 辑 元 亩 吨 斤 倍 %"
)
UNITS: tuple[str, ...] = tuple(sorted(_MEASURE_WORDS.split(), key=len, reverse=True))
# What staff most often type, for a workbook's drop-down list (any other unit may be typed).
COMMON_UNITS: tuple[str, ...] = ("件", "篇", "次", "项", "条", "期", "批次", "个", "名", "人",
                                 "人次", "位", "场", "户", "家", "份", "所", "元", "%")  # fmt: skip
# After an Arabic number any single Chinese character is read as its measure word (the
# classifier position: 12所, 3座), except these, which say when or how much, not what.
NOT_MEASURE_WORDS = frozenset("年月日时分秒号届岁周天度万亿余多以左约近超第")


def measure_word_at(text: str, start: int = 0) -> str:
    """The measure word at text[start:]: one of UNITS (longest first), else a single
    Chinese character in the classifier position; '' if none."""
    for unit in UNITS:
        if text.startswith(unit, start):
            return unit
    ch = text[start : start + 1]
    if "\u4e00" <= ch <= "\u9fff" and ch not in NOT_MEASURE_WORDS:
        return ch
    return ""


OVER_SUFFIXES = ("余", "多", "以上")
OVER_PREFIXES = ("超过",)
ABOUT_SUFFIXES = ("左右",)
ABOUT_PREFIXES = ("约", "近")

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
           "八": 8, "九": 9}  # fmt: skip
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CHINESE_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_SMALL_UNITS) + "".join(_BIG_UNITS)

_NUMBER = re.compile(
    rf"(?P<arabic>\d+(?:\.\d+)?)(?P<mult>[万亿]?)|(?P<chinese>[{CHINESE_NUMERAL_CHARS}]+)"
)


@dataclass(frozen=True)
class Figure:
    value: float
    qualifier: str  # exact | over | about
    unit: str
    text: str  # as written


class FigureError(ValueError):
    """The text is not a figure this module can read."""


def normalise(text: str) -> str:
    """NFKC (full-width digits and punctuation become ASCII), thousands separators and
    surrounding spaces removed."""
    text = unicodedata.normalize("NFKC", text).strip()
    return re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)


def chinese_to_number(numeral: str) -> int:
    """三十六 → 36, 两 → 2, 一百零五 → 105, 十二 → 12, 三万五千 → 35000."""
    if not numeral or any(ch not in CHINESE_NUMERAL_CHARS for ch in numeral):
        raise FigureError(f"不是中文数字：{numeral}")
    total = 0
    section = 0
    digit: int | None = None
    for ch in numeral:
        if ch in _DIGITS:
            if digit is not None and ch not in "〇零":
                raise FigureError(f"无法识别的中文数字：{numeral}")
            digit = _DIGITS[ch] if ch not in "〇零" else None
        elif ch in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit = None
        else:
            section += digit or 0
            if section == 0:
                raise FigureError(f"无法识别的中文数字：{numeral}")
            total += section * _BIG_UNITS[ch]
            section = 0
            digit = None
    return total + section + (digit or 0)


def parse_figure(raw: str) -> Figure:
    """Read a figure as written. Raises FigureError when it is not exactly one figure."""
    text = normalise(raw)
    rest = text
    qualifier = "exact"
    for prefix in OVER_PREFIXES + ABOUT_PREFIXES:
        if rest.startswith(prefix):
            qualifier = "over" if prefix in OVER_PREFIXES else "about"
            rest = rest[len(prefix) :]
            break
    match = _NUMBER.match(rest)
    if not match:
        raise FigureError(f"“{raw}”里没有数字")
    if match.group("arabic"):
        # In decimal, so that 2.3亿 is 230000000 and not 229999999.99999997.
        number = Decimal(match.group("arabic"))
        if match.group("mult"):
            number *= _BIG_UNITS[match.group("mult")]
        value = float(number)
    else:
        value = float(chinese_to_number(match.group("chinese")))
    rest = rest[match.end() :]
    for suffix in OVER_SUFFIXES + ABOUT_SUFFIXES:
        if rest.startswith(suffix):
            if qualifier != "exact":
                raise FigureError(f"“{raw}”的约数、下限写法重复")
            qualifier = "over" if suffix in OVER_SUFFIXES else "about"
            rest = rest[len(suffix) :]
            break
    if rest.lstrip(" ") != rest and measure_word_at(rest.lstrip(" ")):
        rest = rest.lstrip(" ")  # some documents put a space between number and unit
    unit = measure_word_at(rest)
    rest = rest[len(unit) :]
    for suffix in OVER_SUFFIXES[2:] + ABOUT_SUFFIXES:  # 以上/左右 may follow the unit
        if rest == suffix and qualifier == "exact":
            qualifier = "over" if suffix in OVER_SUFFIXES else "about"
            rest = ""
    if rest:
        raise FigureError(f"“{raw}”中“{rest}”无法识别")
    return Figure(value=value, qualifier=qualifier, unit=unit, text=raw.strip())


_COUNTING_CHARS = "件篇次项条期批个名人场户年级村"
# As single characters these are mostly ordinary words (统一, 百姓, 千家万户).
LONE_WORDS = frozenset("一百千万亿")
_LONE_COMMON = LONE_WORDS
_RUN = re.compile(rf"\d+(?:\.\d+)?|[{CHINESE_NUMERAL_CHARS}]+")


def number_like_runs(text: str) -> list[tuple[int, int]]:
    """Spans of every run in the text that looks like a number: each run of Arabic digits,
    and each run of Chinese numerals except a lone 一/百/千/万/亿 that is neither an
    ordinal (第一) nor followed by a counting word (一年)."""
    spans = []
    for m in _RUN.finditer(text):
        run = m.group()
        if len(run) == 1 and run in _LONE_COMMON:
            before = text[m.start() - 1] if m.start() else ""
            after = text[m.end()] if m.end() < len(text) else ""
            if before != "第" and after not in _COUNTING_CHARS:
                continue
        spans.append((m.start(), m.end()))
    return spans


_NUMERAL_CLASS = f"[{CHINESE_NUMERAL_CHARS}]"
_UNIT_ALTERNATION = "|".join(re.escape(u) for u in UNITS)
# Possessive quantifiers: a run of digits or numerals is read whole, never split to fit a unit.
_FIGURE_IN_TEXT = re.compile(
    rf"(?<![\d.{CHINESE_NUMERAL_CHARS}])(?<!\d,)"
    rf"(?P<prefix>超过|约|近)?"
    rf"(?P<number>\d++(?:,\d{{3}})*+(?:\.\d++)?+(?P<mult>[万亿])?+|{_NUMERAL_CLASS}++)"
    rf"(?P<suffix>余|多)?"
    rf"(?:[ \u3000]*(?P<unit>{_UNIT_ALTERNATION})(?P<tail>以上|左右)?)?"
)


@dataclass(frozen=True)
class Found:
    """A figure found in running text: its span and what it reads as."""

    start: int
    end: int
    figure: Figure
    numeral: str  # the number as written, without qualifier or unit: 342, 两, 2.83万


def find_figures(text: str) -> list[Found]:
    """Every stretch of the text that reads as a figure: a number with one of UNITS
    (342件, 50余次, 两期, 82.9%, 约30 人), an Arabic number with any measure word in the
    classifier position (12所), or an Arabic number with 万/亿 or a decimal point and no
    measure word (2.83万 before a name). Whether the stretch is really a figure (not
    第十三次, not a slogan) is for the caller to judge."""
    found = []
    for m in _FIGURE_IN_TEXT.finditer(text):
        arabic = m.group("number")[0].isdigit()
        end = m.end()
        if m.group("unit") is None and arabic:
            classifier = measure_word_at(text, end)
            if classifier:
                end += len(classifier)
                end += next((len(t) for t in ("以上", "左右") if text.startswith(t, end)), 0)
        bare = end == m.end() and m.group("unit") is None
        if bare and not (arabic and (m.group("mult") or "." in m.group())):
            continue
        try:
            figure = parse_figure(text[m.start() : end])
        except FigureError:
            continue
        found.append(Found(m.start(), end, figure, m.group("number")))
    return found
