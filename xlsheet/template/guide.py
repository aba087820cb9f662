"""The text of the 说明 sheet: how staff use the workbook."""

from __future__ import annotations

from .. import kinds, parameters
from .. import schema as S
from ..check.kinds import scheme_kinds

GUIDE_LINES: tuple[str, ...] = (
    "{year}年度政务信息工作绩效考核工作簿 使用说明",
    "本工作簿按《县信息工作绩效考核方案》计算各单位的信息得分、基础分完成率、评先资格、先进单位和考核得分。",
    "【一、平时要填的表】",
    f"1.「{S.ADOPTIONS}」：每录用一次登记一行。同一条信息被多处录用，登记多行，信息编号相同。"
    f"{S.A_LEVEL}、{S.A_PUB}、{S.A_UNIT}、{S.A_CATEGORY}可从下拉列表选择；{S.A_DATE}写成 2026-03-05、2026/3/5、2026.3.5、2026年3月5日 或 20260305 均可。"
    "信息编号输成数字或文本都是同一条信息。只写了一句说明的行不计分，校验表里有一条警告。",
    f"2.「{S.INSTRUCTIONS}」：领导批示登记一行，用信息编号（或报送单位+信息标题）对应「{S.ADOPTIONS}」中的信息。",
    f"3.「{S.EXTRAS}」：加分类型从「{S.EXTRA_RULES}」表中选，按该表计分；须核定的类型，只有「{S.E_APPROVED}」为“是”"
    "（或 √、Y、1、已核定等）的行计分，填了别的内容的行不计分，校验表里有一条警告；有最少天数的类型须填"
    f"{S.E_DAYS}。",
    f"4.「{S.NOTICES}」：通报类型从「{S.NOTICE_RULES}」表中选，按该表扣分、计次数、视同未完成或取消评先。",
    "【二、年初核对一次的表】",
    f"「{S.PARAMS}」：按方案预填，可按当年文件修改；没有的行按默认值计算。各参数如下：",
    *parameters.guide_lines(),
    f"「{S.UNITS}」：全部镇（街道）和部门及信息基础分。方案原文未写出一个120分镇的名称，"
    f"表中以「{S.PLACEHOLDER_TOWN}」占位，请改为实际镇名。捆绑考核列相同的单位合并考核。",
    f"「{S.POINTS}」「{S.BONUS}」：各刊物分值和批示加分。新增刊物在「{S.POINTS}」末尾加一行，下拉列表即可选到。"
    f"「{S.S_NOT_IF_HIGHER}」为“是”的行，同一信息又被宁波市及以上录用时不计分（看这一列的标记，不看刊物名称）。",
    *kinds.guide_lines(*(k.values() for k in scheme_kinds())),
    f"「{S.ALIASES}」：同一个值的其他写法（如录用级别写“宁波政府办公厅”“市政府办”），可增删；"
    f"列名为“{S.YES_NO_COLUMN}”的行用于核定、计入评先条件两列。",
    "【三、计算】",
    "在 Excel 中：点功能区「信息考核」选项卡的「重新计算」。没有 Excel（WPS、LibreOffice）时，"
    "在命令行运行：xlsheet recalc 工作簿.xlsm",
    "计算只改写下面六张结果表，不改动其他任何内容；计算前会自动备份原文件。结果表已设好 A4 横向打印，每页重复表头。",
    "【四、结果表】",
    f"「{S.SCORES}」每个单位一行；「{S.RANKING}」按组别排名；「{S.DETAIL}」列出每一分的来源行，"
    f"同一单位各行相加等于总分；「{S.QUARTERLY}」按季度累计；「{S.INFORMANTS}」信息员排名；"
    f"「{S.CHECK}」列出输入中的问题：{S.ERROR}的行不计分，{S.WARNING}的行计分但请核对。",
    "请勿在结果表中手工填写内容，下次计算时会被覆盖。",
)
