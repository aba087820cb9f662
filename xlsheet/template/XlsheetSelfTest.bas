Attribute VB_Name = "XlsheetSelfTest"
Option Explicit
' 自检：写入一个单元格，供测试（LibreOffice 无界面运行）确认宏能运行、中文代码页正确。

' 字符串在构建时改写为 ChrW(...)，任何系统区域设置下都能正确显示（见 vba.ascii_literals）。
Public Function SelfTestText() As String
    SelfTestText = "宏自检通过"
End Function

Public Sub XlsheetSelfTest()
    GuideSheet().Range("C1").Value = SelfTestText()
End Sub
