"""A realistic, deterministic demonstration year: every scheme unit, a few thousand adoptions.

The same seed gives the same workbook. Besides ordinary data it carries the
cases the scheme names: 约稿 replaced by a higher adoption, multi-level leader
instructions, a direct-advanced unit, approved and unapproved extra points,
a 20- and a 21-day secondment, one and two county notices, a higher-level
notice, a missed commission, bundling, 其他 units, and what people really
type (traditional characters, stray spaces, a publication without 《》).
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from . import parameters
from . import rules as defaults
from . import schema as S
from .template import write_book

DEMO_YEAR = 2026
OTHER_UNITS = ("县气象局", "县红十字会", "县科协")
TOPICS = ("垃圾分类", "乡村振兴", "营商环境", "安全生产", "防汛防台", "共同富裕", "数字化改革", "基层治理",
          "招商引资", "民生实事", "文明创建", "生态环境", "项目建设", "人才引进", "养老服务", "就业帮扶")
ACTIONS = ("多举措推进", "扎实开展", "创新探索", "全力做好", "深入实施", "着力破解", "统筹推进", "持续深化")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗"
GIVEN = ("伟", "芳", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "霞", "平")

COUNTY_MIX = (("《每日要讯》", 30), ("《专报信息》", 5), ("《专报信息》（紧急类）", 2), ("《参阅》", 1),
              (S.FORWARDED_PUB, 58), (S.COMMISSIONED_PUB, 4))
POINTS = {(level, pub): points for level, pub, points, *_ in defaults.POINTS}
CITY_MIX = (("上网信息", 30), ("《每日要情》", 20), ("《宁波上报信息》", 15), ("《专报信息》", 15),
            ("《参阅》（增刊）", 8), ("《参阅》（普刊）", 6), ("《政务工作交流》", 6))
PROVINCE_MIX = (("《昨日要情》", 40), ("选编信息", 30), ("《专报信息》", 20), ("《政务工作交流》", 10))
STATE_MIX = (("其他刊物", 50), ("《专报信息》", 25), ("《信息参考》", 15), ("《政务情况交流》", 10))
CATEGORY_MIX = (("动态信息", 45), ("经验做法", 20), ("情况反映", 15), ("综合分析", 8), ("紧急信息", 7),
                ("其他", 5))


def _pick(rng: random.Random, mix):
    names, weights = zip(*mix, strict=True)
    return rng.choices(names, weights)[0]


def _date(rng: random.Random, after: dt.date | None = None) -> dt.date:
    start = after or dt.date(DEMO_YEAR, 1, 3)
    end = dt.date(DEMO_YEAR, 12, 28)
    span = (end - start).days
    return start + dt.timedelta(days=rng.randint(0, max(span, 0) if after is None else min(span, 30)))


def generate(seed: int = DEMO_YEAR) -> dict[str, list[tuple]]:
    """The rows of each input sheet (without headers)."""
    rng = random.Random(seed)
    units = [(name, cat, base) for name, cat, base, _, _ in defaults.UNITS]
    units += [(name, S.OTHER, None) for name in OTHER_UNITS]
    adoptions: list[tuple] = []
    instructions: list[tuple] = []
    serial = 0
    experience_state: list[tuple[str, str, str]] = []
    for name, _category, base in units:
        target = (base or 40) * rng.choice((0.5, 0.8, 0.95, 1.1, 1.3, 1.7, 2.2, 2.7, 3.3, 3.8))
        writers = ["".join((rng.choice(SURNAMES), rng.choice(GIVEN), rng.choice(("", *GIVEN))))
                   for _ in range(rng.randint(1, 3))]
        earned = 0
        while earned < target:
            serial += 1
            number = f"{DEMO_YEAR}-{serial:04d}"
            category = _pick(rng, CATEGORY_MIX)
            title = f"{name}{rng.choice(ACTIONS)}{rng.choice(TOPICS)}工作"
            who = "、".join(rng.sample(writers, k=1 if rng.random() < 0.85 else min(2, len(writers))))
            date = _date(rng)
            county_pub = _pick(rng, COUNTY_MIX)
            rows = [(S.LEVEL_COUNTY, county_pub, date)]
            if rng.random() < 0.15:
                date = _date(rng, date)
                rows.append((S.LEVEL_CITY, _pick(rng, CITY_MIX), date))
                if rng.random() < 0.18:
                    date = _date(rng, date)
                    rows.append((S.LEVEL_PROVINCE, _pick(rng, PROVINCE_MIX), date))
                    if rng.random() < 0.08:
                        date = _date(rng, date)
                        rows.append((S.LEVEL_STATE, _pick(rng, STATE_MIX), date))
                        if category == S.EXPERIENCE:
                            experience_state.append((number, name, title))
            earned += sum(POINTS[(level, pub)] for level, pub, _ in rows)
            reported = rows[0][2] - dt.timedelta(days=rng.choice((0, 1, 1, 2, 3, 5, 8)))
            for level, pub, when in rows:
                adoptions.append((number, name, title, category, who, level, pub, when,
                                  reported if reported.year == DEMO_YEAR else None, ""))
            if rng.random() < 0.04:
                levels = [S.LEADER_COUNTY] + ([S.LEADER_CITY] if len(rows) > 1 and rng.random() < 0.5 else [])
                for level in levels:
                    instructions.append((number, name, title, level, "", _date(rng, rows[-1][2]), ""))
                earned += 10
    # A direct-advanced case: an 经验做法 item adopted by 国务院办公厅 with a State Council instruction.
    serial += 1
    direct_no = f"{DEMO_YEAR}-{serial:04d}"
    direct_title = "科技局创新探索科技特派员制度经验做法"
    for level, pub, month in ((S.LEVEL_COUNTY, "《专报信息》", 3), (S.LEVEL_CITY, "《专报信息》", 4),
                              (S.LEVEL_PROVINCE, "《专报信息》", 5), (S.LEVEL_STATE, "《政务情况交流》", 6)):
        adoptions.append((direct_no, "科技局", direct_title, S.EXPERIENCE, "周敏", level, pub,
                          dt.date(DEMO_YEAR, month, 10), dt.date(DEMO_YEAR, 3, 9), ""))
    instructions.append((direct_no, "科技局", direct_title, S.LEADER_STATE, "国务院领导",
                         dt.date(DEMO_YEAR, 7, 1), ""))
    instructions.append((direct_no, "科技局", direct_title, S.LEADER_PROVINCE, "省领导",
                         dt.date(DEMO_YEAR, 6, 20), ""))
    # What people type: traditional characters, spaces, a publication without 《》, a last-year row.
    serial += 1
    adoptions.append((f"{DEMO_YEAR}-{serial:04d}", "橋頭鎮", "桥头镇 扎实开展 防汛防台工作", "动态信息", "李强",
                      "县政府办公室", "每日要讯", "2026年7月15日", "2026/7/14", "繁体、空格与无书名号的写法"))
    serial += 1
    adoptions.append((f"{DEMO_YEAR}-{serial:04d}", " 周巷镇 ", "周巷镇岁末安全生产检查", "动态信息", "王伟",
                      "县政府办公室", "《每日要讯》", dt.date(DEMO_YEAR - 1, 12, 30), None, "上年度录用，不计分"))

    extras = [
        ("观海卫镇", S.EXTRA_TRAINING, dt.date(DEMO_YEAR, 3, 12), None, S.YES, ""),
        ("观海卫镇", S.EXTRA_TRAINING, dt.date(DEMO_YEAR, 9, 2), None, S.YES, "第二次培训，不再加分"),
        ("公安局", S.EXTRA_TRAINING, dt.date(DEMO_YEAR, 4, 8), None, S.YES, ""),
        ("教育局", S.EXTRA_TRAINING, dt.date(DEMO_YEAR, 5, 20), None, S.NO, "材料未核定"),
        ("浒山街道", S.EXTRA_MEETING, dt.date(DEMO_YEAR, 6, 18), None, S.YES, ""),
        ("浒山街道", S.EXTRA_MEETING, dt.date(DEMO_YEAR, 11, 5), None, S.YES, ""),
        ("卫生局", S.EXTRA_MEETING, dt.date(DEMO_YEAR, 8, 26), None, S.YES, ""),
        ("宗汉街道", S.EXTRA_SECONDMENT, dt.date(DEMO_YEAR, 4, 1), 21, S.YES, "满3周"),
        ("民政局", S.EXTRA_SECONDMENT, dt.date(DEMO_YEAR, 5, 6), 20, S.YES, "不足3周"),
        ("残联", S.EXTRA_SECONDMENT, dt.date(DEMO_YEAR, 10, 9), 28, S.YES, ""),
    ]
    notices = [
        ("坎墩街道", S.NOTICE_COUNTY, dt.date(DEMO_YEAR, 5, 12), "县府办通〔2026〕3号", ""),
        ("建设局", S.NOTICE_COUNTY, dt.date(DEMO_YEAR, 3, 2), "县府办通〔2026〕1号", ""),
        ("建设局", S.NOTICE_COUNTY, dt.date(DEMO_YEAR, 8, 19), "县府办通〔2026〕6号", "累计两次"),
        ("水利局", S.NOTICE_HIGHER, dt.date(DEMO_YEAR, 7, 23), "甬政办通〔2026〕12号", ""),
        ("交通局", S.NOTICE_COMMISSION, dt.date(DEMO_YEAR, 10, 30), "", "重要约稿未按时完成"),
    ]
    params = parameters.sheet_rows(DEMO_YEAR)
    unit_rows = [tuple(u) for u in defaults.UNITS]
    unit_rows += [(name, S.OTHER, None, "", "未列入共性目标考核") for name in OTHER_UNITS]
    return {S.PARAMS: params, S.UNITS: unit_rows, S.ADOPTIONS: adoptions,
            S.INSTRUCTIONS: instructions, S.EXTRAS: extras, S.NOTICES: notices}


def write_demo(path: str | Path, seed: int = DEMO_YEAR) -> Path:
    """Write the demonstration workbook (not yet recalculated) to `path`."""
    return write_book(path, DEMO_YEAR, generate(seed))
