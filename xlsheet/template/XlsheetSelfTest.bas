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

' 本机服务的路径编码：含中文、空格、符号和一个表情（代理对）的路径，测试把结果与 Python 的编码比较。
Public Function EncodeSample() As String
    EncodeSample = "C:\Users\张 三\文档\2026考核（第1版）&%#+.xlsm" & ChrW(&HD83D) & ChrW(&HDE00)
End Function

Public Sub XlsheetEncodeSelfTest()
    GuideSheet().Range("C2").Value = PercentEncodeUtf8(EncodeSample())
End Sub
