Attribute VB_Name = "XlsheetSelfTest"
Option Explicit
' 自检：写入一个单元格，供测试（LibreOffice 无界面运行）确认宏能运行、中文代码页正确。

Public Const SELF_TEST_TEXT As String = "宏自检通过"

Public Sub XlsheetSelfTest()
    ThisWorkbook.Worksheets("说明").Range("C1").Value = SELF_TEST_TEXT
End Sub
