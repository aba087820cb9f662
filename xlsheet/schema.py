"""The single source of every sheet name, column name, code and Chinese label.

Nothing else in the package spells a Chinese word that staff see: other modules
import it from here, so the workbook contract lives in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- sheets -----------------------------------------------------------------

README_SHEET = "说明"
PARAMS = "参数"
UNITS = "单位"
POINTS = "计分标准"
BONUS = "批示加分"
EXTRA_RULES = "加分标准"  # optional in older books: kinds of extra points (rules as data)
NOTICE_RULES = "通报标准"  # optional in older books: kinds of notices (rules as data)
ALIASES = "别名"  # optional: what staff type for a coded value, and the value it stands for
DECISIONS = "评先裁定"  # optional: staff's decisions where the rules leave one (ties, 其他 units)
LAST_YEAR = "上年结果"  # optional: last year's results, carried by `xlsheet template --from`, for 同比
ADOPTIONS = "信息录用"
INSTRUCTIONS = "领导批示"
EXTRAS = "加分事项"
NOTICES = "通报记录"

SCORES = "单位得分"
RANKING = "排名"
DETAIL = "得分明细"
QUARTERLY = "季度统计"
INFORMANTS = "先进个人"
CHECK = "校验"

INPUT_SHEETS = (PARAMS, UNITS, POINTS, BONUS, ADOPTIONS, INSTRUCTIONS, EXTRAS, NOTICES)
# Input sheets a book may lack (made before they existed): read when present, defaults otherwise.
OPTIONAL_SHEETS = (EXTRA_RULES, NOTICE_RULES, ALIASES, DECISIONS, LAST_YEAR)
OUTPUT_SHEETS = (SCORES, RANKING, DETAIL, QUARTERLY, INFORMANTS, CHECK)
ALL_SHEETS = (README_SHEET,) + INPUT_SHEETS + OPTIONAL_SHEETS + OUTPUT_SHEETS

HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class Table:
    """A sheet's table: its columns in order, which must be present, and its key columns.

    A row none of whose key columns is filled (a remark such as 「以上为1-9月录用情况」) is a
    note row: it is not read as a record, and gets one warning.
    """

    sheet: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    keys: tuple[str, ...] = ()


# --- input columns -----------------------------------------------------------

P_KEY, P_VALUE, P_NOTE = "参数", "值", "说明"

U_NAME, U_CATEGORY, U_BASE, U_BUNDLE, U_NOTE = "单位名称", "类别", "信息基础分", "捆绑考核", "备注"

S_LEVEL, S_PUB, S_POINTS, S_QUALIFIES, S_NOTE = "录用级别", "刊物", "分值", "计入评先条件", "说明"
# Optional (older books lack it): 是 = the row scores 0 for an item also adopted at 宁波市 level
# or higher (reading 2, the 约稿上报 row). A book without the column reads it as 是 for the
# county's 约稿上报信息 row alone (COMMISSIONED_PUB), as before the column existed.
S_NOT_IF_HIGHER = "上级录用时不计"

B_LEVEL, B_POINTS = "批示级别", "加分"

A_NO, A_UNIT, A_TITLE, A_CATEGORY, A_INFORMANTS = "信息编号", "报送单位", "信息标题", "信息类别", "信息员"
A_LEVEL, A_PUB, A_DATE, A_NOTE = "录用级别", "录用刊物", "录用日期", "备注"
A_REPORTED = "报送日期"  # optional: when the unit sent the item, for informants' timeliness

I_NO, I_UNIT, I_TITLE, I_LEVEL, I_LEADER, I_DATE, I_NOTE = (
    "信息编号", "报送单位", "信息标题", "批示级别", "批示领导", "批示日期", "备注")

E_UNIT, E_KIND, E_DATE, E_DAYS, E_APPROVED, E_NOTE = (
    "单位名称", "加分类型", "日期", "蹲岗天数", "核定", "备注")

N_UNIT, N_KIND, N_DATE, N_DOC, N_NOTE = "单位名称", "通报类型", "日期", "文号", "备注"

AL_COLUMN, AL_TYPED, AL_VALUE, AL_NOTE = "列名", "写法", "标准写法", "说明"
YES_NO_COLUMN = "是否"  # an 别名 row under this 列名 serves every 是/否 column (核定, 计入评先条件)

D_UNIT, D_RESULT, D_BASIS, D_DATE = "单位名称", "裁定结果", "依据", "日期"

LY_UNIT, LY_CATEGORY, LY_BASE, LY_TOTAL, LY_RATE, LY_RANK, LY_RESULT, LY_YEAR = (
    "单位名称", "类别", "信息基础分", "总分", "完成率", "名次", "评先结果", "考核年度")

PARAMS_TABLE = Table(PARAMS, (P_KEY, P_VALUE, P_NOTE), (P_KEY, P_VALUE), (P_KEY, P_VALUE))
UNITS_TABLE = Table(UNITS, (U_NAME, U_CATEGORY, U_BASE, U_BUNDLE, U_NOTE),
                    (U_NAME, U_CATEGORY, U_BASE), (U_NAME, U_CATEGORY, U_BASE))
POINTS_TABLE = Table(POINTS, (S_LEVEL, S_PUB, S_POINTS, S_QUALIFIES, S_NOT_IF_HIGHER, S_NOTE),
                     (S_LEVEL, S_PUB, S_POINTS, S_QUALIFIES), (S_LEVEL, S_PUB, S_POINTS))
BONUS_TABLE = Table(BONUS, (B_LEVEL, B_POINTS), (B_LEVEL, B_POINTS), (B_LEVEL, B_POINTS))
ADOPTIONS_TABLE = Table(ADOPTIONS, (A_NO, A_UNIT, A_TITLE, A_CATEGORY, A_INFORMANTS, A_LEVEL,
                                    A_PUB, A_DATE, A_REPORTED, A_NOTE),
                        (A_NO, A_UNIT, A_TITLE, A_CATEGORY, A_LEVEL, A_PUB, A_DATE),
                        (A_UNIT, A_CATEGORY, A_LEVEL, A_PUB, A_DATE))
INSTRUCTIONS_TABLE = Table(INSTRUCTIONS, (I_NO, I_UNIT, I_TITLE, I_LEVEL, I_LEADER, I_DATE, I_NOTE),
                           (I_NO, I_UNIT, I_TITLE, I_LEVEL), (I_LEVEL, I_LEADER, I_DATE))
EXTRAS_TABLE = Table(EXTRAS, (E_UNIT, E_KIND, E_DATE, E_DAYS, E_APPROVED, E_NOTE),
                     (E_UNIT, E_KIND, E_APPROVED), (E_KIND, E_DATE, E_DAYS, E_APPROVED))
NOTICES_TABLE = Table(NOTICES, (N_UNIT, N_KIND, N_DATE, N_DOC, N_NOTE), (N_UNIT, N_KIND),
                      (N_KIND, N_DATE, N_DOC))
ALIASES_TABLE = Table(ALIASES, (AL_COLUMN, AL_TYPED, AL_VALUE, AL_NOTE), (AL_COLUMN, AL_TYPED, AL_VALUE),
                      (AL_TYPED, AL_VALUE))

INPUT_TABLES = (PARAMS_TABLE, UNITS_TABLE, POINTS_TABLE, BONUS_TABLE, ADOPTIONS_TABLE,
                INSTRUCTIONS_TABLE, EXTRAS_TABLE, NOTICES_TABLE)
DECISIONS_TABLE = Table(DECISIONS, (D_UNIT, D_RESULT, D_BASIS, D_DATE), (D_UNIT, D_RESULT),
                        (D_RESULT, D_BASIS, D_DATE))
LAST_YEAR_TABLE = Table(LAST_YEAR, (LY_UNIT, LY_CATEGORY, LY_BASE, "一季度", "二季度", "三季度", "四季度", LY_TOTAL,
                                   LY_RATE, LY_RANK, LY_RESULT, LY_YEAR),
                        (LY_UNIT, "一季度", "二季度", "三季度", "四季度"), (LY_UNIT,))

# --- output columns ----------------------------------------------------------

O_UNIT, O_CATEGORY, O_BASE = "单位名称", "类别", "信息基础分"
O_ADOPT, O_INSTR, O_EXTRA, O_DEDUCT, O_TOTAL = "录用得分", "批示加分", "其他加分", "扣分", "总分"
O_RATE, O_STATUS, O_QUALIFYING, O_NOTICES = "完成率", "完成情况", "评先条件信息数", "通报次数"
O_ELIGIBLE, O_RESULT, O_POINTS, O_NOTE = "评先资格", "评先结果", "考核得分", "说明"
O_GROUP, O_RANK = "组别", "名次"
# Helper columns of 排名 that feed its chart: a unit's rate in its group's column, and 100%.
O_CHART_TOWN, O_CHART_DEPT, O_CHART_LINE = "镇街完成率", "部门完成率", "基准线"
CHART_TITLE = "各单位信息基础分完成率"
O_SRC_SHEET, O_SRC_ROW, O_ITEM_NO, O_TITLE, O_ENTRY, O_VALUE = (
    "来源表", "来源行", "信息编号", "信息标题", "计分项", "分值")
QUARTER_COLUMNS = ("一季度", "二季度", "三季度", "四季度")
O_AS_OF, O_REMAINING, O_PROJECTION = "截至", "距完成还差", "全年预计"
# Added to 季度统计 when the book carries last year's results (上年结果).
O_LAST_YEAR, O_CHANGE = "上年同期", "同比增减"
NEW_THIS_YEAR = "本年新增"
O_INFORMANT, O_COUNT, O_INF_POINTS, O_AVG_DAYS = "信息员", "录用条数", "录用得分", "平均时效（天）"
C_LEVEL, C_SHEET, C_ROW, C_COLUMN, C_CONTENT, C_MESSAGE = (
    "级别", "工作表", "行号", "列", "内容", "问题说明")

SCORES_TABLE = Table(SCORES, (O_UNIT, O_CATEGORY, O_BASE, O_ADOPT, O_INSTR, O_EXTRA, O_DEDUCT,
                              O_TOTAL, O_RATE, O_STATUS, O_QUALIFYING, O_NOTICES, O_ELIGIBLE,
                              O_RESULT, O_POINTS, O_NOTE), ())
RANKING_TABLE = Table(RANKING, (O_GROUP, O_RANK, O_UNIT, O_TOTAL, O_BASE, O_RATE, O_ELIGIBLE,
                                O_RESULT, O_POINTS, O_NOTE, O_CHART_TOWN, O_CHART_DEPT, O_CHART_LINE), ())
DETAIL_TABLE = Table(DETAIL, (O_UNIT, O_SRC_SHEET, O_SRC_ROW, O_ITEM_NO, O_TITLE, O_ENTRY,
                              O_VALUE, O_NOTE), ())
QUARTERLY_TABLE = Table(QUARTERLY, (O_UNIT, O_CATEGORY, O_BASE) + QUARTER_COLUMNS
                        + (O_RATE, O_REMAINING, O_PROJECTION, O_AS_OF), ())
INFORMANTS_TABLE = Table(INFORMANTS, (O_RANK, O_INFORMANT, O_UNIT, O_COUNT, O_INF_POINTS,
                                      O_NOTE, O_AVG_DAYS), ())
CHECK_TABLE = Table(CHECK, (C_LEVEL, C_SHEET, C_ROW, C_COLUMN, C_CONTENT, C_MESSAGE), ())

# What names a row of each output sheet, so that what a user anchored to a row (a note, a
# merged range, a format) follows it when the rows move (io/anchors.py).
OUTPUT_KEYS = {SCORES: (O_UNIT,), RANKING: (O_UNIT,), QUARTERLY: (O_UNIT,),
               DETAIL: (O_UNIT, O_SRC_SHEET, O_SRC_ROW, O_ENTRY), INFORMANTS: (O_INFORMANT, O_UNIT),
               CHECK: (C_LEVEL, C_SHEET, C_ROW, C_COLUMN, C_MESSAGE)}
ANCHOR_KINDS = {"note": "批注", "threaded": "批注（对话）", "merge": "合并单元格", "validation": "数据验证",
                "format": "条件格式", "hyperlink": "超链接"}

OUTPUT_TABLES = (SCORES_TABLE, RANKING_TABLE, DETAIL_TABLE, QUARTERLY_TABLE, INFORMANTS_TABLE,
                 CHECK_TABLE)

# Output columns shown as a percentage.
PERCENT_COLUMNS = frozenset({O_RATE, O_CHART_TOWN, O_CHART_DEPT, O_CHART_LINE})
POINTS_PLACES = 2  # 考核得分: decimals shown in the sheets ("0.00") and the documents

# --- codes -------------------------------------------------------------------

TOWN, DEPARTMENT, OTHER = "镇街", "部门", "其他"
CATEGORIES = (TOWN, DEPARTMENT, OTHER)

LEVEL_STATE, LEVEL_PROVINCE, LEVEL_CITY, LEVEL_COUNTY = (
    "国务院办公厅", "省政府办公厅", "宁波市政府办公厅", "县政府办公室")
# Lowest first: a level's index is its height.
LEVELS = (LEVEL_COUNTY, LEVEL_CITY, LEVEL_PROVINCE, LEVEL_STATE)

ITEM_CATEGORIES = ("经验做法", "情况反映", "综合分析", "动态信息", "紧急信息", "其他")
EXPERIENCE = "经验做法"

LEADER_COUNTY, LEADER_CITY, LEADER_PROVINCE, LEADER_STATE = "县领导", "宁波市领导", "省领导", "国务院领导"

# The scheme's kinds of extra points and notices: the rows 加分标准 and 通报标准 are pre-filled
# with (xlsheet/rules.py). The engine reads kinds from those sheets, never by these names.
EXTRA_TRAINING, EXTRA_MEETING, EXTRA_SECONDMENT = "信息业务培训", "协办信息网络会议", "派员蹲岗学习"

NOTICE_COUNTY, NOTICE_HIGHER, NOTICE_COMMISSION = "紧急信息迟报瞒报", "被上级通报迟报瞒报", "未完成重要约稿"

YES, NO = "是", "否"

COMMISSIONED_PUB = "约稿上报信息"
FORWARDED_PUB = "转送信息"

STATUS_DONE, STATUS_NOT_DONE, STATUS_DEEMED = "已完成", "未完成", "视同未完成"
RESULT_ADVANCED, RESULT_DIRECT, RESULT_TIED = "先进", "直接先进", "并列待定"
RESULT_COMMENDED = "表彰"  # an 其他 unit chosen for commendation (择优表彰) by a decision
DECIDE_ADVANCED, DECIDE_NOT, DECIDE_COMMEND = "先进", "不评先", "表彰"
DECISION_CODES = (DECIDE_ADVANCED, DECIDE_NOT, DECIDE_COMMEND)
ELIGIBLE = "具备"
REASON_DEEMED = "视同未完成基础分"
REASON_NOT_DONE = "未完成基础分"
REASON_NO_QUALIFYING = "无综合性信息采用"
REASON_NOTICES_OF = "通报{times}次及以上"  # 评先资格 at 通报取消评先次数 notices or more
COUNT_WORDS = {1: "一", 2: "两", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十"}


def reason_notices(limit: int) -> str:
    """评先资格 of a unit notified `limit` (通报取消评先次数) times or more: 通报两次及以上 at 2,
    通报三次及以上 at 3, 通报12次及以上 at 12."""
    return REASON_NOTICES_OF.format(times=COUNT_WORDS.get(limit, str(limit)))


REASON_NOTICES = reason_notices(2)  # the scheme's 三（六）
REASON_OTHER = "不参加先进单位评比"
REASON_BAD_BASE = "信息基础分有误"

ERROR, WARNING = "错误", "警告"

# --- kinds of extra points and notices (加分标准, 通报标准): columns and codes declared once ---
# The template's headers and drop-downs, the check of the sheets, the guide sheet and the
# table in docs/rules.md are made from these.

FIXED, SHARE, NO_DEDUCTION = "固定分值", "基础分比例", "不扣分"
EACH_TIME, ONCE_A_YEAR = "每次", "每年一次"


@dataclass(frozen=True)
class Column:
    """A column of a kinds sheet: its name, what it means, its codes (if coded), and
    whether a row must fill it."""

    name: str
    help: str
    codes: tuple[str, ...] = ()
    required: bool = True


EXTRA_RULE_COLUMNS: tuple[Column, ...] = (
    Column(EK_KIND := "加分类型", f"「{EXTRAS}」表的加分类型从这些名称中选"),
    Column(EK_METHOD := "计分方式", f"{FIXED}：加「分值」分；{SHARE}：加「分值」× 信息基础分", (FIXED, SHARE)),
    Column(EK_POINTS := "分值", f"分数；{SHARE}时为比例，如 10%"),
    Column(EK_TIMES := "计分次数", f"{EACH_TIME}：每行都加；{ONCE_A_YEAR}：同一单位一年只加一次", (EACH_TIME, ONCE_A_YEAR)),
    Column(EK_APPROVAL := "需核定", f"{YES}：只有「{E_APPROVED}」为{YES}的行计分", (YES, NO)),
    Column(EK_DAYS := "最少天数", f"不填，或「{EXTRAS}」表「{E_DAYS}」须达到的天数", required=False),
    Column(EK_NOTE := "说明", "方案条款等，不参与计算", required=False),
)
NOTICE_RULE_COLUMNS: tuple[Column, ...] = (
    Column(NK_KIND := "通报类型", f"「{NOTICES}」表的通报类型从这些名称中选"),
    Column(NK_METHOD := "扣分方式", f"{SHARE}：扣「扣分值」× 信息基础分；{FIXED}：扣「扣分值」分；{NO_DEDUCTION}",
           (SHARE, FIXED, NO_DEDUCTION)),
    Column(NK_POINTS := "扣分值", f"分数；{SHARE}时为比例，如 30%；{NO_DEDUCTION}时不填", required=False),
    Column(NK_COUNTS := "计入通报次数", f"{YES}：计入「通报取消评先次数」", (YES, NO)),
    Column(NK_DEEMED := "视同未完成", f"{YES}：该单位视同未完成年度信息基础分", (YES, NO)),
    Column(NK_DISQUALIFIES := "取消评先", f"{YES}：一次即取消当年评先资格", (YES, NO)),
    Column(NK_NOTE := "说明", "方案条款等，不参与计算", required=False),
)


def _kinds_table(sheet: str, columns: tuple[Column, ...]) -> Table:
    required = tuple(c.name for c in columns if c.required)
    return Table(sheet, tuple(c.name for c in columns), required, required[:3])


EXTRA_RULES_TABLE = _kinds_table(EXTRA_RULES, EXTRA_RULE_COLUMNS)
NOTICE_RULES_TABLE = _kinds_table(NOTICE_RULES, NOTICE_RULE_COLUMNS)
OPTIONAL_TABLES = (EXTRA_RULES_TABLE, NOTICE_RULES_TABLE, ALIASES_TABLE, DECISIONS_TABLE, LAST_YEAR_TABLE)

PLACEHOLDER_MARK = "【待补】"
PLACEHOLDER_TOWN = PLACEHOLDER_MARK + "120分镇"
BUNDLE_EAST = "东工业区捆绑"

# --- 参数: each parameter declared once -------------------------------------------
# The template's pre-fill, the Rulebook's defaults (records), the check of the sheet
# (check.rule_sheets), the guide sheet and the table in docs/rules.md all read PARAMETERS.
# A new parameter is one line here (its key, the Rulebook attribute it becomes, its default
# as typed into the sheet, its type, its help text, and its range or choices), plus its use.

# The types a 参数 value can have (xlsheet.parameters parses each).
INTEGER, PERCENT, NUMBER, DAYS, CHOICE, LIST, TEXT = "整数", "百分比", "数值", "天数", "选项", "多选", "文字"


@dataclass(frozen=True)
class Param:
    """One 参数: its key in the sheet, the Rulebook attribute it becomes, its default as typed
    (None: the year the book is made for), its type, its help text (the 说明 column), and its
    range (INTEGER, PERCENT, NUMBER, DAYS) or its allowed values (CHOICE, LIST).

    `moved` is where a parameter moved to (sheet, kind, column): an older book's 参数 row is
    still read when the book lacks that sheet, and `template --from` moves it there; the
    template no longer has the row."""

    key: str
    attribute: str
    default: object
    type: str
    help: str
    low: object = None
    high: object = None
    choices: tuple[str, ...] = ()
    moved: tuple[str, str, str] = ()


BONUS_CUMULATIVE, BONUS_HIGHEST = "累计", "最高"
JOINT_EQUAL, JOINT_FULL, JOINT_FIRST = "平均分配", "各计全分", "第一单位"
JOINT_MODES = (JOINT_EQUAL, JOINT_FULL, JOINT_FIRST)
COAUTHOR_FULL, COAUTHOR_SPLIT = "各计全分", "平均分摊"
BY_QUALITY, BY_QUANTITY, BY_TIMELINESS = "质量", "数量", "时效"
INFORMANT_CRITERIA = (BY_QUALITY, BY_QUANTITY, BY_TIMELINESS)

PARAMETERS: tuple[Param, ...] = (
    Param(K_YEAR := "考核年度", "year", None, INTEGER,
          "只计该年度内录用、批示、加分和通报（方案：年度考核）", 1990, 2100),
    Param(K_TOWN_RATIO := "镇街先进比例", "town_ratio", "35%", PERCENT,
          "先进镇街数量上限占参加考核镇街总数的比例，向下取整（三（三））", 0, 1),
    Param(K_DEPT_RATIO := "部门先进比例", "dept_ratio", "30%", PERCENT,
          "先进部门数量上限占参加考核部门总数的比例，向下取整（三（四））", 0, 1),
    Param(K_NOTICE_RATIO := "紧急信息通报扣分比例", "notice_ratio", "30%", PERCENT,
          "每次紧急信息迟报瞒报通报扣信息基础分的比例（三（六））", 0, 1,
          moved=(NOTICE_RULES, NOTICE_COUNTY, NK_POINTS)),
    Param(K_SECONDMENT_RATIO := "蹲岗加分比例", "secondment_ratio", "10%", PERCENT,
          "派员蹲岗学习加信息基础分的比例（二（七））", 0, 1,
          moved=(EXTRA_RULES, EXTRA_SECONDMENT, EK_POINTS)),
    Param(K_SECONDMENT_DAYS := "蹲岗最少天数", "secondment_days", 21, DAYS,
          "蹲岗学习“3周及以上”的最少天数（二（七））", 1, 366,
          moved=(EXTRA_RULES, EXTRA_SECONDMENT, EK_DAYS)),
    Param(K_NOTICE_LIMIT := "通报取消评先次数", "notice_limit", 2, INTEGER,
          "累计被通报达到该次数即取消当年评先资格（三（六））", 1, 100),
    Param(K_BONUS_MODE := "批示加分方式", "bonus_mode", BONUS_CUMULATIVE, CHOICE,
          "累计：同一信息每个不同级别的批示各加一次；最高：只计最高一级（二（五））",
          choices=(BONUS_CUMULATIVE, BONUS_HIGHEST)),
    Param(K_COMPREHENSIVE := "综合性信息类别", "comprehensive", "经验做法、情况反映、综合分析", LIST,
          "满足评先条件的综合性信息类别（三（二））", choices=ITEM_CATEGORIES),
    Param(K_DEEMED_POINTS := "视同未完成镇街得分", "deemed_points", 0, NUMBER,
          "视同未完成基础分的镇街的考核得分（三（一）、三（六））", 0, 1),
    Param(K_INFORMANT_COUNT := "先进个人人数", "informant_count", 10, INTEGER,
          "推荐先进个人的人数（三（七））", 0, 1000),
    Param(K_TRAINING_POINTS := "信息业务培训加分", "training_points", 5, NUMBER,
          "组织信息业务培训加分，每年一次（二（七））", 0, 1000,
          moved=(EXTRA_RULES, EXTRA_TRAINING, EK_POINTS)),
    Param(K_MEETING_POINTS := "协办会议加分", "meeting_points", 10, NUMBER,
          "协办信息网络会议加分，每次（二（七））", 0, 1000,
          moved=(EXTRA_RULES, EXTRA_MEETING, EK_POINTS)),
    Param(K_ADVANCED_BONUS := "部门先进加分", "advanced_bonus", 0.5, NUMBER,
          "部门被评为先进单位的考核加分（三（一））", 0, 10),
    Param(K_NOT_DONE_PENALTY := "部门未完成扣分", "not_done_penalty", 0.5, NUMBER,
          "部门未完成年度信息基础分的考核扣分（三（一））", 0, 10),
    Param(K_COAUTHOR := "合写信息计分方式", "coauthor", COAUTHOR_FULL, CHOICE,
          "先进个人评选中多人合写的信息：各计全分，或平均分摊（三（七））",
          choices=(COAUTHOR_FULL, COAUTHOR_SPLIT)),
    Param(K_OFFICE := "通报发文机关", "office", "县人民政府办公室", TEXT, "季度通报的发文机关（二（八））"),
    Param(K_CC := "通报抄送", "cc", "县委办公室", TEXT, "季度通报版记的抄送机关，多个用顿号分隔"),
    Param(K_NUMBER_PREFIX := "发文字号前缀", "number_prefix", "", TEXT,  # letters only, none of NUMBER_PREFIX_WORDS
          "季度通报和年终表彰通报发文字号中的机关代字，如 慈政办（印成 慈政办〔2026〕12号）；留空则不印发文字号"),
    Param(K_RATE_PLACES := "完成率小数位数", "rate_places", 1, INTEGER,
          "输出表、通报、对账单和年终文件中完成率保留的小数位数，四舍五入", 0, 4),
    Param(K_INFORMANT_ORDER := "先进个人排序", "informant_order", "质量、数量、时效", LIST,
          "先进个人的排序依据及先后：质量＝所写信息得分，数量＝信息条数，时效＝报送到首次录用的平均天数（三（七））",
          choices=INFORMANT_CRITERIA),
    Param(K_COUNTY := "县名", "county", "", TEXT,
          "本县（市、区）的名称，如慈溪市：「慈溪市公安局」读作「公安局」（「县」「市」「区」前缀总是可以省去）；可空"),
    Param(K_JOINT := "联合报送计分", "joint", JOINT_EQUAL, CHOICE,
          "联合报送（报送单位一栏写了几个单位）的录用分和批示加分：平均分配＝各单位均分，各计全分＝每个单位都计全分，"
          "第一单位＝只计第一个单位；各单位都计入评先条件", choices=JOINT_MODES),
)
PARAMETER_BY_KEY = {p.key: p for p in PARAMETERS}
MAX_DOC_NUMBER = 9999  # 发文字号's number (bad_number says so)
NUMBER_PREFIX_WORDS = "第号"  # letters a 发文字号前缀 may not hold: doc_number writes 〔year〕N号 itself
# How the guide sheet and docs/rules.md describe a parameter (xlsheet.parameters).
PARAM_DOC = {
    "year": "当年",
    "blank": "（空）",
    "range": "{low} 到 {high}",
    "choices": "{choices}",
    "guide": "「{key}」（{type}，默认 {default}{allowed}）：{help}",
    "guide_allowed": "，可填 {allowed}",
    "columns": ("参数", "默认值", "类型", "可填", "说明"),
    "kind_columns": ("列", "可填", "必填", "说明"),
}
PARAMETER_BY_ATTRIBUTE = {p.attribute: p for p in PARAMETERS}

INFORMANT_SEPARATORS = "、，,;； \u3000/"
# What may stand before a unit's name: the county's own prefixes (and 参数 县名, with and
# without its last character when that is one of these).
COUNTY_PREFIXES = ("县", "市", "区")
OTHER_PUB = "其他刊物"  # the 计分标准 row of a level that scores a publication it does not list
JOINT_SEPARATORS = "、，,；;/／"  # between the units of a joint report; 和 and 与 only where each part is a unit
JOINT_WORDS = ("和", "与")
INFORMANT_TRAILER = "等"  # 张三等: the 等 is not part of the name
LIST_SEPARATORS = "、，,;；/ "

# --- ledger entries (计分项) ----------------------------------------------------

ENTRY_ADOPTION = "录用"
ENTRY_INSTRUCTION = "批示加分"
ENTRY_EXTRA = "其他加分"
ENTRY_DEDUCTION = "通报扣分"
ENTRY_NOTICE = "通报"
ENTRY_NONE = "不计分"

# --- messages ------------------------------------------------------------------
# Each message is a format string; the caller fills in the placeholders.

M = {
    "missing_sheet": "工作簿缺少工作表「{sheet}」，无法计算。请用 xlsheet template 生成的模板，或补上该工作表。",
    "missing_header": "工作表「{sheet}」前 {rows} 行内找不到表头（需要列：{columns}）。",
    "unreadable": "无法读取工作簿「{path}」：{reason}。未写入任何内容。",
    "why_missing": "文件不存在",
    "why_folder": "这是一个文件夹，不是工作簿",
    "why_denied": "没有读写该文件的权限",
    "why_corrupt": "文件已损坏，或不是 .xlsx/.xlsm 工作簿",
    "why_xls": "这是旧版 .xls 格式，请在 Excel 或 WPS 中“另存为” .xlsm（启用宏的工作簿）后再计算",
    "why_ods": "这是 .ods 格式，请在 LibreOffice 中“另存为” Excel 2007-365 (.xlsx) 或 .xlsm 后再计算",
    "why_not_file": "这不是普通文件（可能是管道或设备）",
    "why_os": "系统错误（错误号 {errno}）",
    "why_disk_full": "磁盘已满，请腾出空间后重试",
    "why_file_too_big": "文件超过了所在磁盘或系统允许的大小，请换一个磁盘或文件夹",
    "why_name_too_long": "文件名或路径太长，请改短文件名或移到较浅的文件夹",
    "why_read_only_disk": "所在磁盘是只读的",
    "why_memory": "内存不足，请关闭其他程序后重试",
    "why_password": "工作簿设置了打开密码，请在 Excel 或 WPS 中取消密码（文件→信息→保护工作簿）后再计算",
    "why_encrypted_member": "文件中的「{part}」经过加密，无法读取；请在 Excel 或 WPS 中打开后重新保存",
    "why_too_large": "文件中的「{part}」解压后有 {size} MB，超过上限 {limit} MB（可能已损坏或是恶意文件）",
    "why_doctype": "文件中的「{part}」含有 DOCTYPE 声明，Excel 不会写出这种内容（可能是恶意文件），已拒绝读取",
    "why_not_workbook": "这不是 Excel 工作簿，而是{kind}（可能只是改了扩展名）；请打开真正的考核工作簿",
    "kind_word": "一份 Word 文档",
    "kind_powerpoint": "一份 PowerPoint 演示文稿",
    "kind_other": "别的压缩文件",
    "why_strict": "这是“Strict Open XML 电子表格”格式的工作簿，本程序读不了这种格式；请在 Excel 中“另存为”“Excel 启用宏的工作簿 (*.xlsm)”后再计算",
    "why_loop": "路径中的快捷方式（符号链接）互相指向、形成了循环，找不到真正的文件",
    "anchor_dropped": "{kind}（{ref}）原在第 {row} 行{unit}，新结果中该行没有唯一对应的一行（或它跨越了几个单位的行），不能随之移动，已移除；原内容见本行「内容」",
    "anchor_unit": "（「{unit}」）",
    "beyond_excel": "工作表「{sheet}」{where}超出 Excel 的范围（最多 {rows} 行、{columns} 列），Excel 不会保存这样的文件（可能已损坏或是恶意文件）",
    "where_row": "第 {row} 行",
    "where_cell": "的单元格 {ref} ",
    "too_spread": "工作表「{sheet}」的单元格散布得太广（超过 {cells} 处），无法读取；请删除远离表格的内容后重新保存",
    "why_bad_part": "文件中的「{part}」缺失或已损坏，请在 Excel 或 WPS 中打开后重新保存",
    "not_worksheet": "工作簿「{path}」中的「{sheet}」不是普通工作表（可能是图表工作表），无法读写。请删除它，并从模板复制一张同名工作表。未写入任何内容。",
    "table_overlap": "结果表「{sheet}」上的表格「{table}」（{ref}）不在结果区域的起点，计算会覆盖它。请把它移到其他工作表。未写入任何内容。",
    "saved_meanwhile": "工作簿「{path}」在计算过程中被保存过（可能是同事或同步软件），为免覆盖新的内容，本次未写入任何内容。请重新计算。",
    "write_failed": "写入「{path}」失败：{reason}。原工作簿和备份均未改动。",
    "out_suffix": "输出文件「{path}」的扩展名须与原工作簿相同（{suffix}），否则 Excel 会拒绝打开。未写入任何内容。",
    "backup_readonly": "备份文件「{path}」是只读的，不能替换。请取消只读或移走它后重试。未写入任何内容。",
    "locked": "工作簿「{path}」正在被 {program} 打开{who}（锁文件「{owner}」），请先保存并关闭后再计算。未写入任何内容。",
    "lock_who": "（{user}，计算机 {host}，{since} 起）",
    "lock_delete": "若确认没有人打开此工作簿，可删除该锁文件后重试。",
    "lock_stale": "该锁文件来自本机，而本机没有正在运行的 LibreOffice，看来是异常退出后留下的：可删除「{owner}」后重试。",
    "open_elsewhere": "注意：「{path}」正在被 {program} 打开，本次只读取已保存的内容，窗口中尚未保存的修改不包括在内。",
    "readonly": "工作簿「{path}」不可写（只读或无权限），未写入任何内容。",
    "blank": "「{column}」为空",
    "not_number": "「{column}」应为数字，实际为「{value}」",
    "negative": "「{column}」不能为负数",
    "not_date": "「{column}」「{value}」不是可识别的日期（可写 2026-03-05、2026/3/5、2026.3.5、2026年3月5日、"
                "20260305 或 Excel 日期，须是真实存在的日期）",
    "not_days": "「{column}」应为天数（如 21、21天、3周）",
    "out_of_range": "「{column}」的数值「{value}」超出合理范围（绝对值应在十亿分之一到一万亿之间），请核对",
    "param_range": "「{key}」应在 {low} 到 {high} 之间，按默认值 {default} 计算",
    "excel_error": "「{column}」是 Excel 错误值「{value}」，请改正该单元格的公式或改填内容",
    "note_row": "本行没有填写{keys}，视为说明行，未计入",
    "not_percent": "「{column}」应为百分比（如 35%、0.35 或 35）",
    "not_integer": "「{column}」应为整数",
    "bad_code": "「{column}」「{value}」无法识别，只能是：{allowed}",
    "approval_unknown": "「{column}」「{value}」无法识别，按未核定处理，不计分（表示已核定可写：{yes}）",
    "unknown_param": "未知参数「{value}」，已忽略",
    "missing_param": "参数「{key}」未填写，按默认值 {default} 计算",
    "missing_year_row": "「参数」表中没有「{key}」一行，按今年（{year} 年）计算",
    "unknown_unit": "单位「{value}」不在「单位」表中",
    "unknown_pub": "「{level}」下没有刊物「{value}」（见「计分标准」表）",
    "suggest": "，是否为「{name}」？",
    "duplicate_unit": "单位「{value}」与第 {row} 行重复，本行不计",
    "duplicate_point": "「{level}」「{value}」与第 {row} 行重复，本行不用",
    "duplicate_bonus": "批示级别「{value}」与第 {row} 行重复，本行不用",
    "duplicate_adoption": "与第 {row} 行是同一信息在同一刊物的录用，重复登记不计分",
    "out_of_year": "日期 {date} 不在考核年度 {year} 年内，不计分",
    "no_item": "找不到对应的已计分信息（信息编号或报送单位+信息标题须与「信息录用」一致）",
    "item_not_scored": "对应的信息在「信息录用」第 {row} 行，该行{reason}，未计分，本条批示不加分",
    "reason_error": "有错误（见本表）",
    "reason_out_of_year": "录用日期不在考核年度内",
    "reason_repeat": "是重复登记",
    "alias_column": "「{value}」不是可设别名的列，只能是：{allowed}",
    "rollover_errors": "工作簿「{path}」的输入中有 {count} 条错误，不能据此生成下一年度工作簿。请先改正"
                       "（运行 xlsheet check，或点「重新计算」后看「校验」表）。未写入任何内容。{first}",
    "rollover_first": "\n其中：\n{lines}",
    "no_result": "无",
    "more": "等",
    "decision_not_tied": "「{value}」的评先结果是「{result}」，不是并列待定，不能裁定为「{decision}」（只有并列待定的单位需要裁定）",
    "decision_not_other": "「表彰」只用于类别为「其他」的单位，「{value}」是{group}",
    "decision_other_tie": "类别为「其他」的单位只能裁定为「表彰」",
    "decision_repeat": "「{value}」已在第 {row} 行裁定，本行不用",
    "decision_over_cap": "按裁定，{group}先进单位 {count} 个，超过名额 {cap} 个（{note}），请核对",
    "alias_value": "标准写法「{value}」不是「{column}」的可选值：{allowed}",
    "alias_repeat": "「{column}」的写法「{value}」已在第 {row} 行设过，本行不用",
    "ambiguous_item": "信息编号「{value}」在「信息录用」中属于多个单位，请填写报送单位",
    "number_two_units": "信息编号「{value}」已在第 {row} 行用于单位「{unit}」，同一编号不应属于两个单位",
    "placeholder": "单位名称仍是占位名「{value}」，请改为方案中120分镇的实际名称",
    "bad_base": "镇街、部门的信息基础分须大于 0",
    "other_has_base": "「其他」单位不限定信息基础分，已忽略所填分值",
    "bundle_no_town": "捆绑考核组「{value}」没有镇街成员，各单位按各自规则考核",
    "bundle_single": "捆绑考核组「{value}」只有一个单位",
    "days_missing": "{kind}须填写{column}",
    "unknown_kind": "「{column}」「{value}」不在「{sheet}」表中，只能是：{allowed}",
    "duplicate_kind": "「{value}」与第 {row} 行重复，本行不用",
    "duplicate_param": "参数「{key}」已在第 {row} 行填写，本行不用",
    "param_default": "，按默认值 {default} 计算",
    "not_text": "「{key}」应为文字，实际为「{value}」，按默认值 {default} 计算",
    "bad_number_prefix": "「{key}」只填机关代字（如 慈政办，只用汉字或字母，不含空格），年份、括号、序号和「号」由程序排印成 慈政办〔2026〕12号；"
                         "本次不印发文字号",
    "kind_range": "「{column}」应在 {low} 到 {high} 之间",
    "kind_unused_value": "{method}不用填写「{column}」，已忽略",
    "moved_param": "参数「{key}」已移到「{sheet}」表（「{kind}」的「{column}」），本行不再使用，可删除",
    "reported_bad": "「报送日期」不是可识别的日期，本条不计入信息员时效（录用照常计分）",
    "reported_late": "报送日期 {reported} 晚于录用日期 {date}，本条不计入信息员时效",
    "no_points": "「计分标准」表中没有可用的刊物",
    "ambiguous_name": "「{column}」「{value}」可指多个：{candidates}，请写全称",
    "formula_no_value": "「{column}」是公式（{value}），但文件中没有保存计算结果（由其他程序生成的工作簿常见），"
                        "不能当作空白；请在 Excel 或 WPS 中打开并保存一次后再计算，或改填数值",
    # Readings: values read by interpretation, each listed once per spelling ({count}: its rows).
    "read_as": "「{value}」读作「{name}」（{how}），共 {count} 行",
    "read_advice": "。如无误，可在「别名」表中加一行（列名「{column}」、写法「{value}」、标准写法「{name}」）使之固定；如有误，请改正",
    "read_pub_issue": "「{value}」读作「{name}」（期号、年份不是刊物名称的一部分），共 {count} 行",
    "read_pub_other": "「{level}」下没有刊物「{value}」，按「{name}」（{points} 分）计，共 {count} 行",
    "read_pub_advice": "。如无误，可在「别名」表中加一行（列名「录用刊物」、写法「{value}」、标准写法「{name}」）使之固定；"
                       "如是「计分标准」中的刊物，请改正",
    "read_year": "「{value}」没有写年份，按考核年度读作 {date}，共 {count} 行；如不是 {year} 年，请写全日期",
    "read_category_blank": "「信息类别」为空：照常计分，但不计入评先条件的综合性信息，共 {count} 行；请补填",
    "read_category_unknown": "「信息类别」「{value}」无法识别（可写：{allowed}）：照常计分，但不计入评先条件的综合性信息，"
                             "共 {count} 行；请改正，或在「别名」表中设定它的标准写法",
    "read_informant": "信息员「{value}」读作「{name}」（括号内的分工和末尾的「等」不是姓名），共 {count} 行；如有误，请改正",
    "joint_part": "「{column}」「{value}」：「{part}」不是「单位」表中的单位（几个单位联合报送时，每个都须是单位）",
    "read_joint": "「{value}」是联合报送：{units}（共 {n} 个单位），按参数「联合报送计分」（{mode}）计分，各单位都计入评先条件，"
                  "共 {count} 行；如不是联合报送，请改正",
    "title_nearest": "，最接近的是「{title}」（第 {row} 行）",
    "read_title": "信息标题「{value}」读作第 {row} 行的「{title}」（标题的一部分），共 {count} 行；如有误，请改正",
    "unknown_pub_other": "「{level}」下没有刊物「{value}」（见「计分标准」表；该级别没有「其他刊物」一行）",
}

# How a name was read (names.Match.how), for the messages above.
READING_HOW = {"prefix": "去掉了县名前缀", "leading": "名称的开头部分", "abbreviation": "简称",
               "unbracketed": "省略了括号内的部分"}

# Notes written into 得分明细 / 单位得分.
NOTE = {
    "joint": "与{others}联合报送（共 {n} 个单位），{share}",
    "joint_equal": "平均分配，本单位得 1/{n}",
    "joint_full": "各计全分",
    "joint_first": "按第一单位计分，全部计入{first}",
    "adoption": "{level}{pub}录用",  # pub as 计分标准 writes it: 《》 only on publications
    "commission_replaced": "同一信息已被上级录用，{level}{pub}不再计分（{column}）",
    "instruction": "{level}批示",
    "instruction_repeat": "同一信息同级批示已计，不重复加分",
    "instruction_lower": "批示加分方式为「最高」，只计最高一级",
    "extra": "{kind}",
    "extra_days": " {days} 天",
    "extra_share": "，加基础分的 {ratio}",
    "extra_short": "{kind} {days} 天，不足 {min} 天，不加分",
    "extra_repeat": "{kind}每年一次，已计",
    "no_base": "「其他」单位无信息基础分，按比例计算的加减分为 0",
    "not_approved": "未核定（核定栏为「{value}」），不计分",
    "not_approved_blank": "未核定（核定栏为空），不计分",
    "notice": "{kind}",
    "notice_share": "{kind}通报，扣基础分的 {ratio}",
    "notice_fixed": "{kind}通报，扣 {points} 分",
    "notice_deemed": "，视同未完成年度信息基础分",
    "notice_disqualifies": "，取消当年评先资格",
    "notice_counts": "，计入通报次数",
    "error_row": "输入有误，不计分（见「校验」）",
    "bundle": "与{others}捆绑考核：合计总分 {total}，合计基础分 {base}",
    "tied": "与{others}并列于先进名额线，需人工裁定（在「评先裁定」表中登记）",
    "decided": "经裁定为「{decision}」{basis}",
    "decided_basis": "：{basis}",
    "decided_date": "（{date}）",
    "direct": "经验做法类信息被国务院办公厅采用并获国务院领导批示",
    "other_unit": "未列入共性目标考核，按实记分，择优表彰",
    "bad_base": "「单位」表中的信息基础分有误（见「校验」），未计算完成率和考核得分；各项得分照常计入",
    "notices": "通报 {count} 次",
    "cap": "名额 {cap} 个（{n} 个单位 × {ratio}，向下取整）",
    "informant_split": "合写信息按人数平均分摊",
    "informant_order": "按{order}排序",
    "as_of": "第{quarter}季度末",
}

# What a kind does, in words: for the guide sheet and the bulletin (xlsheet.kinds).
KIND_TEXT = {
    "fixed": "加 {points} 分",
    "share": "加信息基础分的 {ratio}",
    EACH_TIME: "每次",
    ONCE_A_YEAR: "每年一次",
    "approval": "须核定",
    "days": "须满 {days} 天",
    "deduct_share": "扣信息基础分的 {ratio}",
    "deduct_fixed": "扣 {points} 分",
    "no_deduction": "不扣分",
    "counts": "计入通报次数",
    "deemed": "视同未完成基础分",
    "disqualifies": "取消当年评先资格",
    "kind": "{kind}（{what}）",
    "each_notice": "{kind}每次{what}",
    "guide_extras": "「{sheet}」按方案预填：{kinds}。",
    "guide_notices": "「{sheet}」按方案预填：{kinds}。",
    "guide_columns": "「{sheet}」各列：{columns}。新增一种{what}，在表末加一行即可，不用改程序。",
    "guide_column": "{name}（{help}）",
    "extras_word": "加分",
    "notices_word": "通报",
}

EXCEL_TEXT = {
    "title": "信息考核",
    "reading": "信息考核：正在读取输入表……",
    "computing": "信息考核：正在计分和考核……",
    "writing": "信息考核：正在写入结果表……",
    "done": "计算完成。\n{counts}",
    "checked": "检查完成（未写入任何内容）。\n{counts}",
    "see_check": "输入中有错误，已打开「校验」表，请逐条核对。",
    "failed": "计算未能进行：{message}",
    "report": "季度通报草稿已生成：\n{path}\n请打开核对、修改后再印发。",
    "next_year": "下一年度工作簿已生成：\n{path}\n规则表沿用本年度，记录表为空，「上年结果」表为本年度的结果。",
    "statements": "对账单已生成 {count} 份，在：\n{folder}",
    "internal": "程序内部错误（{error}），未写入任何内容。请把此信息交给维护人员。",
    "year_end": "年终文件已生成：\n{paths}\n请打开核对、修改后再印发和报送。",
    "more_notes": "……另有 {count} 个文件同样另取了新文件名",
    "left_out": "输入中有 {errors} 行有错误，未计入这些文件；点「重新计算」后在「{sheet}」表中逐条查看。",
}
# Next year's workbook from an older book (xlsheet.rollover): what was added, one line each.
ROLLOVER = {
    "title": "【生成下一年度工作簿时补上的内容（上一年度工作簿是旧版式）】",
    "moved": "参数「{key}」（{value}）移到「{sheet}」表「{kind}」行的「{column}」列",
    "dropped": "参数「{key}」已由「{sheet}」表代替，未带入",
    "param": "参数「{key}」：上一年度工作簿没有这一行，按默认值 {default} 补上",
    "sheet": "「{sheet}」表：上一年度工作簿没有这张表，按方案预填",
    "marked": "「{sheet}」表补上「{column}」列：「{pub}」标为“是”，其余为“否”",
    "console": "上一年度工作簿是旧版式，已补上：",
    "item": "  {line}",
}
XLWINGS_CONF = "xlwings.conf"
XLWINGS_CONF_ROWS = (
    ("Interpreter_Win", ""),
    ("Interpreter_Mac", ""),
    ("PYTHONPATH", ""),
    ("Show Console", "False"),
)

# The quarterly bulletin (通报), a draft that staff edit and send.
QUARTER_NAMES = ("一", "二", "三", "四")
BULLETIN = {
    "title": "关于{year}年第{quarter}季度全县政务信息录用情况的通报",
    "addressees": "各镇（街道）、县政府各部门、各直属单位：",
    "opening": "为进一步做好政务信息工作，根据《县信息工作绩效考核方案》，现将{year}年1—{month}月"
               "全县政务信息录用情况通报如下：",
    "h_overall": "一、总体情况",
    "overall": "截至{year}年{month}月{day}日，全县共有{items}条信息被县政府办公室及以上政务信息刊物录用"
               "{adoptions}次，其中被国务院办公厅录用{state}次、省政府办公厅录用{province}次、"
               "宁波市政府办公厅录用{city}次、县政府办公室采用{county}次；获领导批示{instructions}次。"
               "已有{towns_done}个镇（街道）、{depts_done}个部门（单位）完成年度信息基础分。",
    "h_units": "二、各单位得分情况",
    "yoy": "与上年同期相比，全县累计得分{direction}{change}分（本年{this}分，上年同期{last}分），"
           "{higher}个单位高于上年同期{new}。",
    "yoy_up": "增加", "yoy_down": "减少",
    "yoy_new": "，{count}个单位为本年新增，无上年数据",
    "column_last": "上年同期",
    "h_towns": "（一）镇（街道）",
    "h_depts": "（二）县政府各部门、各直属单位",
    "h_others": "（三）其他单位",
    "group_towns": "镇（街道）",
    "group_depts": "部门（单位）",
    "group_others": "其他单位",
    "unit_rate": "{name}（{rate}）",
    "caption": "表{n}  {group}信息得分情况（截至第{quarter}季度末）",
    "columns": ("序号", "单位", "信息基础分", "累计得分", "完成率"),
    "columns_other": ("序号", "单位", "累计得分"),
    "h_progress": "三、进度情况",
    "ahead": "{group}中，完成率居前的是：{names}{tied}。",
    "behind": "{group}中，进度较慢的是：{names}{tied}，请抓紧报送。",
    "behind_many": "{group}中，有{count}个单位完成率为{rate}及以下（见表{table}），请抓紧报送。",
    "tied_count": "（所示完成率相同的单位一并列出，共{count}个）",
    "negative": "注：{names}的累计得分为负数，系通报扣分（{kinds}）所致。",
    "left_out": "输入中有 {errors} 行有错误，未计入本通报（见「{sheet}」表，或运行 xlsheet check）。",
    "h_requests": "四、有关要求",
    "requests": "请各单位对照年度信息基础分，加强信息工作力量，突出经验做法、情况反映等综合性信息的报送，"
                "确保按时完成全年任务。紧急信息须及时报送，不得迟报、瞒报。",
    "cc": "抄送：{cc}。",
    "printed": "{office}",
    "printed_date": "{date}印发",
    "doc_number": "{prefix}〔{year}〕{number}号",  # GB/T 9704: the year in full, in 〔〕; no 第, no leading 0
    "number_blank": "  ",  # where the document office writes the number in
    "number_without_prefix": "给了发文字号的顺序号 {number}，但「{sheet}」表的「{key}」没有填写，无法印发文字号："
                             "请先填写机关代字（如 慈政办），或不给 --number",
    "number_bad_prefix": "给了发文字号的顺序号 {number}，但「{sheet}」表第 {row} 行有误，无法印发文字号：{message}",
    "file_name": "{year}年第{quarter}季度政务信息录用情况通报.docx",
    "date": "{year}年{month}月{day}日",
    "written": "通报草稿已生成：{path}",
}

# The year's end (scheme 三(一), 三(八)): the commendation and the assessment points.
YEAR_END = {
    "title": "关于表彰{year}年度全县政务信息工作先进单位和先进个人的通报",
    "opening": "{year}年，全县各镇（街道）、各部门（单位）认真做好政务信息报送工作，涌现出一批先进单位和先进个人。"
               "根据《县信息工作绩效考核方案》，经考核，决定对{towns}个镇（街道）、{depts}个部门（单位）"
               "{others}和{people}名信息员予以通报表彰。",
    "others": "、{count}个其他单位",
    "h_units": "一、政务信息工作先进单位",
    "h_towns": "（一）镇（街道）",
    "h_depts": "（二）县政府各部门、各直属单位",
    "h_others": "（三）其他单位（择优表彰）",
    "h_people": "二、政务信息工作先进个人",
    "direct": "{name}（直接列为先进单位）",
    "person": "{name}（{unit}）",
    "none": "无",
    "closing": "希望受表彰的单位和个人珍惜荣誉，再接再厉；各单位要以先进为榜样，进一步加强政务信息工作，"
               "为政府科学决策提供更好服务。",
    "points_title": "{year}年度政务信息工作考核得分",
    "points_intro": "根据《县信息工作绩效考核方案》三（一），现将{year}年度各单位政务信息工作考核得分报送如下。"
                    "镇（街道）完成年度信息基础分的计1分，未完成的按完成百分比计分；部门（单位）被评为先进单位的加"
                    "{bonus}分，未完成年度信息基础分的扣{penalty}分。捆绑考核的单位合并计算、得分相同。",
    "points_caption": "表{n}  {group}政务信息工作考核得分",
    "points_columns": ("序号", "单位", "信息基础分", "总分", "完成率", "完成情况", "评先结果", "考核得分"),
    "points_sheet": "考核得分",
    "points_xlsx_columns": ("组别", "单位名称", "信息基础分", "总分", "完成率", "完成情况", "评先结果", "考核得分", "说明"),
    "signed": "{office}    {date}",
    "commendation_file": "{year}年度政务信息工作先进表彰通报.docx",
    "points_file": "{year}年度政务信息工作考核得分",
    "pending": "仍有单位并列待定，未生成年终文件：{names}。请在「{sheet}」表中登记裁定后重新计算。",
    "written": "已生成：{path}",
}

# Per-unit statements (对账单): each unit checks its own lines before the bulletin goes out.
STATEMENT = {
    "title": "{unit}{year}年度政务信息工作得分对账单",
    "as_of": "（截至{year}年第{quarter}季度末，{date}）",
    "summary": "单位类别：{group}；信息基础分：{base}；截至第{quarter}季度末累计得分：{total}；完成率：{rate}；"
               "在{group}中排第{rank}名（共{count}个单位）。",
    "summary_other": "单位类别：其他（不限定信息基础分，按实记分）；截至第{quarter}季度末累计得分：{total}；"
                     "在其他单位中排第{rank}名（共{count}个单位）。",
    "needed": "距完成年度信息基础分还差 {remaining} 分。",
    "done": "已完成年度信息基础分。",
    "eligible": "评先资格（按目前全部数据）：{eligible}；评先结果：{result}。",
    "h_lines": "一、计分明细",
    "h_notes": "二、说明",
    "caption": "表1  {unit}计分明细（{count}行）",
    "columns": ("序号", "来源表", "行号", "信息编号", "信息标题", "计分项", "分值", "说明"),
    "total": "合计",
    "check": "以上各行分值合计 {total} 分，即截至第{quarter}季度末的累计得分。如有出入，请在{deadline}前与县政府办公室信息科核对。",
    "deadline": "通报印发",
    "none": "无",
    "folder": "{year}年度单位对账单（第{quarter}季度）",
    "written": "对账单已生成：{count} 份，在 {folder}",
    "left_out": "输入中有 {errors} 行有错误，未计入对账单（见「{sheet}」表，或运行 xlsheet check）。",
    "progress": "[{n:>3}/{total}] {unit}",
    "unknown_unit": "「单位」表中没有单位「{value}」{hint}",
}

# Who holds a workbook open (io/locks.py names the program in its message).
LOCK_EXCEL, LOCK_LIBREOFFICE = "Excel 或 WPS", "LibreOffice"

# Installing on office PCs (xlsheet bundle / setup / doctor).
INSTALL = {
    "script_name": "安装.cmd",
    "sendto_name": "信息考核重新计算.cmd",
    "no_source": "找不到 xlsheet 的源代码目录（含 pyproject.toml），无法打包 xlsheet 本身。请在源代码目录中以 pip install -e . 安装后再运行。",
    "step_wheel": "打包 xlsheet ……",
    "step_download": "下载 {platform}、Python {python} 用的全部依赖 ……",
    "pip_failed": "{step}失败：{detail}",
    "bundled": "离线安装包已生成：{path}（连同 Python 安装程序一起交给各电脑；Python 安装程序由信息中心提供）",
    "script_comment": "信息考核工具离线安装：不需要管理员权限，不需要联网",
    "script_failed": "安装失败，请把本窗口的内容截图交给维护人员。",
    "not_windows": "此计算机不是 Windows：xlwings 加载项和「发送到」菜单不适用；安装 WPS 加载项和本机服务的登录启动。也可以在命令行运行 xlsheet recalc 工作簿.xlsx。",
    "startup_name": "信息考核本机服务.vbs",
    "startup_title": "信息考核本机服务",
    "startup_comment": "登录时在后台启动信息考核本机服务（xlsheet serve），供 WPS 加载项和 Excel 按钮计算",
    "startup_done": "✓ 已设置登录时自动启动本机服务：{path}",
    "startup_removed": "✓ 已取消登录时自动启动本机服务：{path}",
    "wps_done": "✓ 已安装 WPS 加载项：{folder}（已登记到 {publish}，其他加载项保持不变；重新打开 WPS 表格后出现「信息考核」选项卡）",
    "wps_removed": "✓ 已移除 WPS 加载项（{path} 中的其他加载项保持不变）",
    "publish_broken": "WPS 的加载项清单 {path} 不是有效的 XML（{reason}），未做任何改动。请把它交给维护人员，或删除后重新运行 xlsheet setup。",
    "addin_done": "✓ 已安装 xlwings 加载项（xlwings addin install）",
    "addin_failed": "✗ 安装 xlwings 加载项失败：{detail}",
    "addin_skipped": "- 跳过安装 xlwings 加载项（为指定的用户配置目录准备时不安装）",
    "conf_done": "✓ 已设置 {path}：Interpreter_Win = {python}",
    "addin_absent": "没有找到 xlwings 加载项：{path}（运行 xlsheet setup 安装）",
    "addin_unknown": "这个 xlwings 包没有附带加载项，无法核对版本",
    "addin_same": "xlwings 加载项与 xlwings 包（{version}）版本一致：{path}",
    "addin_differs": "xlwings 加载项与 xlwings 包（{version}）版本不一致：{path}（运行 xlsheet setup 重新安装）",
    "sendto_done": "✓ 已添加「发送到 → 信息考核重新计算」：{path}（WPS、LibreOffice 用户在文件上点右键即可计算）",
    "python": "Python {version}（{path}）",
    "xlsheet": "xlsheet {version}",
    "xlwings": "xlwings {version}",
    "xlwings_missing": "没有安装 xlwings",
    "conf": "xlwings 用户配置 {path}：{state}",
    "present": "已设置",
    "absent": "未设置（Excel 按默认位置寻找 Python；运行 xlsheet setup 可设置）",
    "onedrive": "工作簿在 OneDrive/SharePoint 同步文件夹中（{path}）：同步软件可能在计算时保存或锁住文件，建议复制到本地文件夹计算",
    "book_ok": "工作簿 {path}：全部工作表齐全",
    "all_ok": "自检通过。",
    "some_problems": "自检发现 {count} 个问题，见上面标 ✗ 的行。",
}

# The local service (xlsheet serve) and the clients that call it: refusals and lines for people.
SERVE = {
    "started": "信息考核本机服务已启动：http://127.0.0.1:{port}/（只接受本机连接；令牌文件 {token_file}；日志 {log}）。按 Ctrl+C 停止。",
    "already": "信息考核本机服务已经在运行（端口 {port}），不再启动第二个。要重启，先运行 xlsheet serve --stop。",
    "port_busy": "端口 {port} 已被其他程序占用：{reason}。请在 {settings} 中把 port 改为另一个端口（1024—65535），或运行 xlsheet serve --port 其他端口。",
    "bad_settings": "设置文件 {path} 无法使用：{reason}。请改正或删除它（删除后使用默认设置）。",
    "stopped": "信息考核本机服务已停止（端口 {port}）。",
    "not_running": "信息考核本机服务没有在运行。",
    "stop_failed": "没能停止信息考核本机服务（端口 {port}）：{reason}",
    "host": "拒绝：请求的主机名不是本机（Host 应为 127.0.0.1:{port} 或 localhost:{port}）。",
    "origin": "拒绝：来源 {origin} 不在允许列表中。只有信息考核的 WPS 加载项和 Excel 按钮可以调用本机服务。",
    "token": "拒绝：缺少或错误的令牌。请重新打开工作簿再点按钮；仍不行时重启本机服务（xlsheet serve --stop，然后 xlsheet serve）。",
    "action": "没有这个操作：{action}。可用的操作：{actions}。",
    "method": "只接受 POST 请求。",
    "json_type": "拒绝：请求内容必须是 JSON（Content-Type: application/json）。",
    "too_large": "拒绝：请求内容超过 {limit} MB。工作簿太大时请关闭后在命令行运行 xlsheet recalc 工作簿.xlsm。",
    "not_json": "拒绝：请求内容不是有效的 JSON。",
    "payload": "拒绝：请求内容不是工作簿数据（{reason}）。",
    "version": "Excel 中的 xlwings 加载项（{client}）与本机 xlwings 包（{server}）版本不一致。请运行 xlsheet setup 重新安装加载项，然后重新打开 Excel。",
    "need_path": "拒绝：「{action}」要在工作簿旁写文件，需要工作簿的完整路径（X-Book-Path）。请先把工作簿保存到本地文件夹再点按钮。",
    "bad_path": "拒绝：X-Book-Path 不是百分号编码的 UTF-8 路径。",
    "not_book": "拒绝：{path} 不是本机上的工作簿文件（.xlsm 或 .xlsx）。请先把工作簿保存到本地文件夹再点按钮。",
    "busy": "这个工作簿正在计算（上一次点击还没有完成），请等它完成后再点。",
    "status_running": "信息考核本机服务在运行，并用令牌应答（端口 {port}）",
    "status_stopped": "信息考核本机服务没有在运行（端口 {port}）：WPS 的按钮和不能启动 Python 的 Excel 要用它。请运行 xlsheet serve，或注销后重新登录（xlsheet setup 已设置登录时自动启动）",
    "status_refused": "端口 {port} 上的程序不接受令牌文件 {token_file} 中的令牌：请运行 xlsheet serve --stop，再运行 xlsheet serve",
}

# The WPS add-in's messages (xlsheet setup writes them into its config.js); {name} placeholders.
WPS_TEXT = {
    "no_book": "没有打开的工作簿：请先打开信息考核工作簿，再点按钮。",
    "not_running": "信息考核本机服务没有在运行（找不到令牌文件 {path}）。\n\n请运行 xlsheet serve（或注销后重新登录：xlsheet setup 已设置登录时自动启动），然后再点按钮。\n也可以关闭工作簿后在命令行运行：xlsheet recalc 工作簿.xlsx",
    "bad_token_file": "令牌文件 {path} 无法读取。请重启本机服务：xlsheet serve --stop，然后 xlsheet serve。",
    "unreachable": "连接不上信息考核本机服务（127.0.0.1:{port}）：它可能已经退出。\n\n请运行 xlsheet serve，然后再点按钮；仍不行时运行 xlsheet doctor 查看原因。",
    "timeout": "信息考核本机服务 10 分钟没有应答，已放弃。工作簿太大时，请关闭后在命令行运行：xlsheet recalc 工作簿.xlsx",
    "bad_answer": "信息考核本机服务的应答无法识别（HTTP {status}）。请运行 xlsheet doctor，并把结果交给维护人员。",
    "unsaved": "这个按钮要在工作簿旁写文件：请先把工作簿保存到本地文件夹，再点按钮。",
    "read_failed": "读取工作簿内容失败：{error}",
    "reading": "信息考核：正在读取工作簿……",
    "computing": "信息考核：正在计算（本机服务）……",
    "unknown_action": "本机服务要求执行加载项不认识的操作「{func}」，已跳过。请把 WPS 加载项和 xlsheet 更新到同一版本（xlsheet setup）。",
    "no_guide": "找不到「{sheet}」工作表。",
}

CLI_TEXT = {
    "bad_port": "端口应为 0 到 65535 的整数（0 表示任取一个空闲端口），而不是「{value}」",
    "bad_number": "发文字号的顺序号应为 1 到 9999 的整数（如 12），而不是「{value}」",
    "summary": "单位 {units} 个，录用 {adoptions} 条，批示 {instructions} 条，加分事项 {extras} 条，通报 {notices} 条",
    "problems": "校验：错误 {errors} 条，警告 {warnings} 条",
    "written": "已写入：{path}",
    "backup": "原文件已备份为：{path}",
    "top": "{group}前列：{names}",
    "ranked": "{name}（{result}）",
    "template": "模板已生成：{path}",
    "next_year": "下一年度工作簿已生成：{path}",
    "demo": "演示工作簿已生成：{path}",
    "listed": "{level} {sheet} 第{row}行 {column}：{message}",
    "more_errors": "……另有 {count} 条错误，见「{sheet}」表",
    "more_warnings": "……另有 {count} 条警告，见「{sheet}」表",
    "readings": "按推断读取的写法 {count} 种（每种一条，请逐条确认；确认无误的可在「别名」表中固定）：",
    "internal": "程序内部错误（{error}），未写入任何内容。请设置环境变量 XLSHEET_DEBUG=1 重试并把输出交给维护人员。",
    "failed": "无法完成：{reason}。未写入任何内容。",
    "interrupted": "已中断，未写入任何内容（工作簿保持原样）。",
    "reading": "读取并计算 {path}",
    "written_all": "写入完成",
    "checking": "检查 {path}",
    "making_demo": "生成演示数据",
    "computing": "计算",
    "making_report": "生成季度通报草稿",
    "more_notes": "……另有 {count} 条同类说明",
}

TARGETS = {  # io/targets.py: where a command may write
    "is_source": "不能写到源工作簿本身：{path}。请换一个文件名。",
    "workbook_suffix": "工作簿的文件名应以 .xlsm 或 .xlsx 结尾：{path}",
    "document_suffix": "{path} 不是 {suffix} 文件名：文档只写入 {suffix} 文件，不会替换工作簿。",
    "twice": "同一次运行不能两次写入 {path}",
    "cannot_write": "不能写入「{path}」：{reason}，未写入任何内容。",
    "why_not_folder": "这是一个文件，不是文件夹",
    "document_link": "「{path}」是指向「{target}」的快捷方式（符号链接），那不是同类文档，未写入。请换一个文件名。",
    "has_records": "{path} 已存在，其记录表中有 {count} 行记录，未覆盖。请换一个文件名；确需替换时加 --force（原文件先另存为「原名.替换前.xlsm」）。",
    "not_ours": "{path} 已存在，且不是本程序能读的空工作簿，未覆盖。请换一个文件名；确需替换时加 --force（原文件先另存为「原名.替换前.xlsm」）。",
    "kept": "原文件已备份为：{path}",
    "kept_mark": ".替换前",
    "renamed": "{path} 已存在，未覆盖；新文件名为「{free}」{hint}",
    "force_hint": "（加 --force 则覆盖）",
    "partly": "只写入了一部分：已写入 {count} 份（在 {folder}），未写入 {missing_count} 份：{missing}。原因：{reason}",
    "and_more": "……另 {count} 份",
    "interrupted": "已中断",
    "internal": "程序内部错误（{error}），请设置环境变量 XLSHEET_DEBUG=1 重试并把输出交给维护人员",
    "same_year": "下一年度工作簿的考核年度（{year}）与源工作簿相同，未生成：请用 --year 指定另一年度（通常是 {next}）。",
    "year_range": "考核年度 {year} 超出范围：应在 {low} 到 {high} 之间。",
}

CLI_ARGS = {  # argparse's own texts, in Chinese (cli._Parser)
    "usage": "用法：",
    "positionals": "位置参数",
    "options": "选项",
    "commands": "命令",
    "help": "显示本帮助并退出",
    "version": "显示版本并退出",
    "error": "{prog}：错误：{message}",
    "required": "缺少参数：{names}",
    "unrecognized": "无法识别的参数：{names}",
    "invalid_choice": "{name} 的值 {value} 不在可选范围内（可选：{choices}）",
    "invalid_value": "{name} 的值 {value} 无效",
    "expected_one": "{name} 后面需要一个值",
    "no_value": "{name} 不带值，却给了 {value}",
    "ambiguous": "选项 {name} 不明确，可能是：{choices}",
    "dash_name": "。文件名 {name} 以“-”开头，会被当作选项：请写成 ./{name}，或放在 -- 之后（{prog} -- {name}）",
    "exclusive": "{name} 不能与 {other} 同时使用",
    "argument": "{name}：{message}",
    "command": "命令",
}

CLI_HELP = {
    "description": "县政务信息工作绩效考核：检查、计分、考核，并写回工作簿。",
    "epilog": "退出码：0 完成且无错误；1 完成但输入有错误（见「校验」表）；2 无法运行，未写入任何内容；"
              "3 要写多个文件的命令只写入了一部分（消息列出已写入的数量、位置和缺少的文件）；130 已中断，未写入任何内容。",
    "force_workbook": "目标工作簿已存在且有记录时仍然替换（原文件先另存为「原名.替换前.xlsm」）",
    "force_document": "同名文档已存在时覆盖（默认另取「…（2）.docx」这样的新文件名）",
    "quiet": "不显示进度",
    "recalc": "检查、计分、考核，并写入结果表（原地写入前先备份）",
    "book": "工作簿（.xlsm/.xlsx）",
    "recalc_out": "写入另一个文件，原工作簿不变",
    "check": "只检查输入，不写入任何内容",
    "report": "生成季度通报（Word 草稿，按 GB/T 9704-2012 版式）",
    "quarter": "季度（默认：已有录用记录的最后一个季度）",
    "number": "发文字号的顺序号，1 到 9999（如 12，印成 前缀〔年份〕12号；须在「参数」中填「发文字号前缀」）；不填则序号留空，由文书部门编号",
    "report_out": "输出 .docx（默认：工作簿旁的「YYYY年第N季度政务信息录用情况通报.docx」）",
    "year_end": "年终：生成先进表彰通报草稿和考核得分表（.docx 与 .xlsx），须先裁定全部并列待定的单位",
    "bundle": "生成离线安装包：Windows 用的全部依赖、xlsheet 本身、模板和「安装.cmd」",
    "bundle_out": "输出文件夹",
    "platform": "目标平台（默认 win_amd64）",
    "python": "目标 Python 版本（默认 3.11）",
    "setup": "为当前用户设置：xlwings 加载项、解释器路径、「发送到」菜单、WPS 加载项、本机服务登录时启动",
    "profile": "改为写入这个用户配置目录（不安装 xlwings 加载项；WPS 加载项和登录启动按 Windows 与 Linux 两种布局都写入）",
    "setup_remove": "移除 WPS 加载项和本机服务的登录启动（其他加载项保持不变）",
    "doctor": "自检：Python、xlsheet、xlwings 的版本与配置，本机服务是否在运行，以及工作簿是否完整",
    "statements": "每个单位一份得分对账单（Word），列出每一分的来源",
    "statements_unit": "只生成这个单位的对账单",
    "statements_out": "输出文件夹（默认：工作簿旁的「YYYY年度单位对账单（第N季度）」）",
    "template": "生成模板工作簿；加 --from 时生成下一年度工作簿（沿用规则表，带上年结果）",
    "template_out": "输出的工作簿（默认 workbook_template.xlsm；加 --from 时默认在原工作簿旁，文件名中的年份加一）",
    "template_from": "上一年度的工作簿：沿用其参数、单位、计分标准、批示加分、别名，记录表留空，并带上年结果",
    "year": "考核年度（默认今年）",
    "serve": "本机服务：WPS 加载项和不能启动 Python 的 Excel 按钮通过它计算（只接受本机连接）",
    "serve_port": "端口（默认取用户设置 settings.json 中的 port，没有时为 47651）",
    "serve_status": "只报告服务是否在运行（一行 JSON）",
    "serve_stop": "停止正在运行的服务",
    "demo": "生成一整年的演示工作簿并计算",
    "dir": "输出目录（默认 xlsheet-demo）",
    "seed": "随机种子（同一种子得到同一工作簿）",
}
