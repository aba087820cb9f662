Attribute VB_Name = "XlsheetMain"
Option Explicit
' 信息考核：功能区按钮的回调，以及到 Python（xlwings）的桥。
' 不引用 xlwings 加载项（没有编译期引用），用 Application.Run 迟绑定调用；
' 加载项不存在时，给出中文提示，说明要安装什么、怎么安装。

Private Const ADDIN_NAME As String = "xlwings.xlam"
' 中文字符串在构建时改写为 ChrW(...)（vba.ascii_literals），非中文系统区域设置下也不乱码。
Private Function TITLE() As String
    TITLE = "信息考核"
End Function

' 功能区「重新计算」
Public Sub XlsheetRecalculate(Optional control As Object)
    RunXlsheet "recalculate"
End Sub

' 功能区「检查数据」
Public Sub XlsheetCheck(Optional control As Object)
    RunXlsheet "check"
End Sub

'' 功能区「季度通报」
Public Sub XlsheetReport(Optional control As Object)
    RunXlsheet "report"
End Sub

''' 功能区「单位对账单」
Public Sub XlsheetStatements(Optional control As Object)
    RunXlsheet "statements"
End Sub

' 功能区「年终表彰」
Public Sub XlsheetYearEnd(Optional control As Object)
    RunXlsheet "year_end"
End Sub

'' 功能区「新建下一年度」
Public Sub XlsheetNextYear(Optional control As Object)
    RunXlsheet "next_year"
End Sub

' 功能区「帮助」
Public Sub XlsheetHelp(Optional control As Object)
    ThisWorkbook.Worksheets("说明").Activate
End Sub

Private Sub RunXlsheet(ByVal entry As String)
    If Not AddinLoaded() Then
        MsgBox MissingAddinMessage(), vbExclamation, TITLE
        Exit Sub
    End If
    On Error GoTo Failed
    Application.Run "'" & ADDIN_NAME & "'!RunPython", "import xlsheet.excel; xlsheet.excel." & entry & "()"
    Exit Sub
Failed:
    MsgBox "调用 Python 失败：" & Err.Description & vbCrLf & vbCrLf & MissingAddinMessage(), vbExclamation, TITLE
End Sub

Private Function AddinLoaded() As Boolean
    Dim addin As Object
    On Error Resume Next
    Set addin = Application.Workbooks(ADDIN_NAME)
    AddinLoaded = Not addin Is Nothing
End Function

Private Function MissingAddinMessage() As String
    MissingAddinMessage = "没有找到 xlwings 加载项，无法调用 Python 计算。" & vbCrLf & vbCrLf & _
        "请按以下步骤安装（只需一次）：" & vbCrLf & _
        "1. 安装 Python 3.11 或更新版本；" & vbCrLf & _
        "2. 在命令提示符中运行：pip install xlwings，并按 docs/Excel使用指南.md 安装 xlsheet；" & vbCrLf & _
        "3. 运行：xlwings addin install，然后重新打开 Excel。" & vbCrLf & vbCrLf & _
        "如 Python 不在默认位置，请在「xlwings.conf」工作表的 Interpreter_Win 一行填写 python.exe 的完整路径。" & vbCrLf & _
        "不用 Excel 时，也可以在命令行运行：xlsheet recalc 工作簿.xlsm"
End Function
