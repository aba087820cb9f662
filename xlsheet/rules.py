"""The scheme's default rules: the values the template's rule sheets are pre-filled with.

The engine never reads these directly; it reads the workbook's 单位, 计分标准 and
批示加分 sheets, which these fill in the template. (参数's rows are declared with their
defaults in schema.PARAMETERS.)
"""

from __future__ import annotations

from . import schema as S

# (name, category, base, bundle, note)
_TOWNS_120 = (S.PLACEHOLDER_TOWN, "观海卫镇", "周巷镇")
_TOWNS_100 = ("浒山街道", "白沙路街道", "古塘街道", "宗汉街道", "坎墩街道", "掌起镇", "附海镇", "逍林镇",
              "胜山镇", "新浦镇", "桥头镇", "匡堰镇", "横河镇", "崇寿镇", "天元镇", "长河镇")
_DEPTS = (
    (200, ("公安局",)),
    (150, ("信访局", "发展改革局", "经济发展局", "农业局", "建设局", "劳动保障局", "国土资源局", "卫生局")),
    (120, ("教育局", "安全监管局", "科技局", "财政局(地税局)", "贸易粮食局", "工商分局", "交通局", "环保局",
           "外经贸局", "水利局", "民政局", "审计局", "统计局")),
    (90, ("人事局", "规划局", "司法局", "旅游局", "暂口局", "质监局", "农办", "文广局", "城管执法局")),
    (60, ("监察局", "人口计生局", "民族宗教局", "食品药品监管局", "行政服务中心", "公建中心", "农机管理站",
          "供销联社", "公共资源交管办", "东工业区管委会")),
    (30, ("残联", "广播电视台", "国税局", "国资办", "文化商务区指挥部", "现代农业开发区管委会", "鸣鹤风景区开发建设办",
          "城南改造建设指挥部", "旧城改造办(景观大道改造指挥部)", "白沙(三洞桥)区块改造建设指挥部",
          "新潮塘区块改造建设指挥部", "新兴产业集群区管委会")),
)
_PLACEHOLDER_NOTE = "方案原文未写出此镇名称，请改为实际镇名；与东工业区管委会捆绑考核"


def _units() -> tuple[tuple[str, str, int, str, str], ...]:
    rows: list[tuple[str, str, int, str, str]] = []
    for name in _TOWNS_120:
        placeholder = name == S.PLACEHOLDER_TOWN
        rows.append((name, S.TOWN, 120, S.BUNDLE_EAST if placeholder else "",
                     _PLACEHOLDER_NOTE if placeholder else ""))
    rows += [(name, S.TOWN, 100, "", "") for name in _TOWNS_100]
    for base, names in _DEPTS:
        for name in names:
            east = name == "东工业区管委会"
            rows.append((name, S.DEPARTMENT, base, S.BUNDLE_EAST if east else "",
                         "与" + S.PLACEHOLDER_TOWN + "捆绑考核" if east else ""))
    return tuple(rows)


UNITS = _units()

_Y, _N = S.YES, S.NO
# (level, publication, points, counts for the advanced-unit condition, 上级录用时不计, note)
POINTS: tuple[tuple[str, str, int, str, str, str], ...] = (
    (S.LEVEL_STATE, "《政务情况交流》", 100, _Y, _N, "二（一）"),
    (S.LEVEL_STATE, "《信息参考》", 60, _Y, _N, "二（一）"),
    (S.LEVEL_STATE, "《专报信息》", 60, _Y, _N, "二（一）"),
    (S.LEVEL_STATE, "其他刊物", 40, _Y, _N, "二（一）国务院办公厅其他刊物"),
    (S.LEVEL_PROVINCE, "《政务工作交流》", 50, _Y, _N, "二（二）"),
    (S.LEVEL_PROVINCE, "《专报信息》", 30, _Y, _N, "二（二）"),
    (S.LEVEL_PROVINCE, "《昨日要情》", 15, _Y, _N, "二（二）"),
    (S.LEVEL_PROVINCE, "其他刊物", 15, _Y, _N, "二（二）其他信息刊物"),
    (S.LEVEL_PROVINCE, "选编信息", 10, _Y, _N, "二（二）"),
    (S.LEVEL_CITY, "《参阅》（普刊）", 30, _Y, _N, "二（三）"),
    (S.LEVEL_CITY, "《政务工作交流》", 30, _Y, _N, "二（三）"),
    (S.LEVEL_CITY, "《参阅》（增刊）", 20, _Y, _N, "二（三）"),
    (S.LEVEL_CITY, "《专报信息》", 15, _Y, _N, "二（三）"),
    (S.LEVEL_CITY, "《专报信息（特刊）》", 10, _Y, _N, "二（三）"),
    (S.LEVEL_CITY, "《紧急信息》", 10, _Y, _N, "二（三）"),
    (S.LEVEL_CITY, "《每日要情》", 10, _Y, _N, "二（三）"),
    (S.LEVEL_CITY, "《宁波上报信息》", 10, _Y, _N, "二（三）"),
    (S.LEVEL_CITY, "上网信息", 5, _Y, _N, "二（三）"),
    (S.LEVEL_COUNTY, "《每日要讯》", 5, _N, _N, "二（四）"),
    (S.LEVEL_COUNTY, "《专报信息》", 10, _Y, _N, "二（四）；紧急类见下一行"),
    (S.LEVEL_COUNTY, "《专报信息》（紧急类）", 5, _N, _N, "二（四）；不计入评先条件（三（二））"),
    (S.LEVEL_COUNTY, "《参阅》", 15, _N, _N, "二（四）"),
    (S.LEVEL_COUNTY, S.COMMISSIONED_PUB, 5, _N, _Y,
     "二（四）约稿信息被上报宁波或省政府办公厅；同一信息被上级录用后按录用分计，本项不再计"),
    (S.LEVEL_COUNTY, S.FORWARDED_PUB, 2, _N, _N, "二（四）直接下载转送政府领导"),
)

# 加分标准: (kind, 计分方式, 分值, 计分次数, 需核定, 最少天数, note) — scheme 二（七）.
EXTRA_KINDS: tuple[tuple[object, ...], ...] = (
    (S.EXTRA_TRAINING, S.FIXED, 5, S.ONCE_A_YEAR, _Y, None, "二（七）组织开展信息业务培训"),
    (S.EXTRA_MEETING, S.FIXED, 10, S.EACH_TIME, _Y, None, "二（七）协办信息网络会议"),
    (S.EXTRA_SECONDMENT, S.SHARE, "10%", S.ONCE_A_YEAR, _Y, 21, "二（七）派信息员蹲岗学习3周及以上"),
)

# 通报标准: (kind, 扣分方式, 扣分值, 计入通报次数, 视同未完成, 取消评先, note) — scheme 三（六）.
NOTICE_KINDS: tuple[tuple[object, ...], ...] = (
    (S.NOTICE_COUNTY, S.SHARE, "30%", _Y, _N, _N, "三（六）紧急信息迟报、瞒报造成一定后果，予以通报并扣分"),
    (S.NOTICE_HIGHER, S.NO_DEDUCTION, None, _Y, _Y, _N, "三（六）因迟报、瞒报紧急信息被上级有关部门通报"),
    (S.NOTICE_COMMISSION, S.NO_DEDUCTION, None, _N, _N, _Y, "三（六）未按要求完成重要约稿任务"),
)

BONUS: tuple[tuple[str, int], ...] = (
    (S.LEADER_COUNTY, 10),
    (S.LEADER_CITY, 20),
    (S.LEADER_PROVINCE, 30),
    (S.LEADER_STATE, 50),
)

# (column, what staff type, the value it stands for, note): the 别名 sheet's pre-filled rows.
# Names are matched forgivingly first (traditional characters, widths, spaces, 《》), so only
# real alternative spellings need a row. A book without the 别名 sheet reads these.
_YES = ("√", "✓", "✔", "☑", "Y", "yes", "1", "true", "对", "是的", "已核定", "核定", "同意", "通过", "已审核")
_NO = ("×", "✗", "✘", "N", "no", "0", "false", "不", "未核定", "不同意", "不通过", "待核定")
ALIASES: tuple[tuple[str, str, str, str], ...] = (
    (S.A_LEVEL, "国办", S.LEVEL_STATE, ""),
    (S.A_LEVEL, "国务院办", S.LEVEL_STATE, ""),
    (S.A_LEVEL, "省政府办", S.LEVEL_PROVINCE, ""),
    (S.A_LEVEL, "省府办", S.LEVEL_PROVINCE, ""),
    (S.A_LEVEL, "浙江省政府办公厅", S.LEVEL_PROVINCE, ""),
    (S.A_LEVEL, "宁波政府办公厅", S.LEVEL_CITY, "方案原文的写法"),
    (S.A_LEVEL, "宁波市政府办", S.LEVEL_CITY, ""),
    (S.A_LEVEL, "市政府办公厅", S.LEVEL_CITY, ""),
    (S.A_LEVEL, "市政府办", S.LEVEL_CITY, ""),
    (S.A_LEVEL, "市府办", S.LEVEL_CITY, ""),
    (S.A_LEVEL, "县政府办", S.LEVEL_COUNTY, ""),
    (S.A_LEVEL, "县府办", S.LEVEL_COUNTY, ""),
    (S.A_LEVEL, "县政府办公厅", S.LEVEL_COUNTY, ""),
    *((S.A_CATEGORY, name + "类", name, "") for name in S.ITEM_CATEGORIES if name != "其他"),
    (S.A_CATEGORY, "动态", "动态信息", ""),
    (S.A_CATEGORY, "紧急", "紧急信息", ""),
    (S.U_CATEGORY, "镇", S.TOWN, ""),
    (S.U_CATEGORY, "街道", S.TOWN, ""),
    (S.U_CATEGORY, "乡镇", S.TOWN, ""),
    (S.U_CATEGORY, "镇（街道）", S.TOWN, ""),
    (S.U_CATEGORY, "县级部门", S.DEPARTMENT, ""),
    (S.U_CATEGORY, "部门（单位）", S.DEPARTMENT, ""),
    (S.I_LEVEL, "县级领导", S.LEADER_COUNTY, ""),
    (S.I_LEVEL, "市领导", S.LEADER_CITY, ""),
    (S.I_LEVEL, "宁波市级领导", S.LEADER_CITY, ""),
    (S.I_LEVEL, "省级领导", S.LEADER_PROVINCE, ""),
    (S.E_KIND, "业务培训", S.EXTRA_TRAINING, ""),
    (S.E_KIND, "培训", S.EXTRA_TRAINING, ""),
    (S.E_KIND, "协办会议", S.EXTRA_MEETING, ""),
    (S.E_KIND, "网络会议", S.EXTRA_MEETING, ""),
    (S.E_KIND, "蹲岗学习", S.EXTRA_SECONDMENT, ""),
    (S.E_KIND, "蹲岗", S.EXTRA_SECONDMENT, ""),
    (S.N_KIND, "迟报瞒报", S.NOTICE_COUNTY, "县政府办公室通报"),
    (S.N_KIND, "上级通报", S.NOTICE_HIGHER, ""),
    (S.N_KIND, "未完成约稿", S.NOTICE_COMMISSION, ""),
    *((S.YES_NO_COLUMN, typed, S.YES, "核定、计入评先条件") for typed in _YES),
    *((S.YES_NO_COLUMN, typed, S.NO, "核定、计入评先条件") for typed in _NO),
)
