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

' 功能区「季度通报」
Public Sub XlsheetReport(Optional control As Object)
    RunXlsheet "report"
End Sub

' 功能区「单位对账单」
Public Sub XlsheetStatements(Optional control As Object)
    RunXlsheet "statements"
End Sub

' 功能区「年终表彰」
Public Sub XlsheetYearEnd(Optional control As Object)
    RunXlsheet "year_end"
End Sub

' 功能区「新建下一年度」
Public Sub XlsheetNextYear(Optional control As Object)
    RunXlsheet "next_year"
End Sub

' 功能区「帮助」
Public Sub XlsheetHelp(Optional control As Object)
    GuideSheet().Activate
End Sub

' 「说明」工作表：按代码名（Sheet1）找，工作表改名后也找得到；找不到时再按名称。
Public Function GuideSheet() As Object
    Dim ws As Object
    For Each ws In ThisWorkbook.Worksheets
        If ws.CodeName = "Sheet1" Then
            Set GuideSheet = ws
            Exit Function
        End If
    Next ws
    Set GuideSheet = ThisWorkbook.Worksheets("说明")
End Function

' 功能区「环境自检」：不需要 Python 也能运行，报告加载项、解释器、文件位置和宿主程序；
' 加载项在时，再请 Python 报告它那一侧（版本、工作表是否齐全）。
Public Sub XlsheetDoctor(Optional control As Object)
    Dim report As String, interpreter As String, port As Long, token As String
    report = "宿主程序：" & Application.Name & " " & Application.Version & vbCrLf
    If AddinLoaded() Then
        report = report & "[OK] 已加载 xlwings 加载项：" & Application.Workbooks(ADDIN_NAME).FullName & vbCrLf
    Else
        report = report & "[X] 没有加载 xlwings 加载项" & vbCrLf
    End If
    interpreter = ConfiguredInterpreter()
    If interpreter = "" Then
        report = report & "[-] 本工作簿的 xlwings.conf 未指定 Interpreter_Win（使用用户配置或默认的 Python）" & vbCrLf
    ElseIf Dir(interpreter) <> "" Then
        report = report & "[OK] Python 解释器存在：" & interpreter & vbCrLf
    Else
        report = report & "[X] 找不到 Python 解释器：" & interpreter & vbCrLf
    End If
    If InStr(1, ThisWorkbook.FullName, "://") > 0 Then
        report = report & "[X] 工作簿位于网络地址（OneDrive/SharePoint）：" & ThisWorkbook.FullName & vbCrLf & _
            "    请先另存到本地文件夹再计算。" & vbCrLf
    Else
        report = report & "[OK] 工作簿位置：" & ThisWorkbook.FullName & vbCrLf
    End If
    If Not ReadToken(port, token) Then
        report = report & "[-] 信息考核本机服务没有在运行（只在 Office 不能启动 Python 时需要；运行 xlsheet serve 启动）" & vbCrLf
    ElseIf ServiceAnswers(port, token) Then
        report = report & "[OK] 信息考核本机服务在运行，并用令牌应答（端口 " & port & "）" & vbCrLf
    Else
        report = report & "[X] 令牌文件 " & TokenFilePath() & " 中的端口 " & port & " 没有用令牌应答：" & _
            "请运行 xlsheet serve --stop，再运行 xlsheet serve" & vbCrLf
    End If
    MsgBox report, vbInformation, TITLE
    If AddinLoaded() Then RunXlsheet "doctor"
End Sub

' 本工作簿「xlwings.conf」表中 Interpreter_Win 一行的值（没有则为空）。
Private Function ConfiguredInterpreter() As String
    Dim ws As Object, r As Long
    On Error Resume Next
    Set ws = ThisWorkbook.Worksheets("xlwings.conf")
    If ws Is Nothing Then Exit Function
    For r = 1 To 20
        If ws.Cells(r, 1).Value = "Interpreter_Win" Then
            ConfiguredInterpreter = CStr(ws.Cells(r, 2).Value)
            Exit Function
        End If
    Next r
End Function

' 按钮的操作：先用 RunPython 启动 Python；它失败（如安全策略禁止 Office 创建子进程）而本机服务在运行时，改经本机服务；
' xlwings.conf 中 XLSHEET_SERVICE 为 always 时总是经本机服务（见 XlsheetService）。
Private Sub RunXlsheet(ByVal entry As String)
    Dim reason As String, port As Long, token As String
    If Not AddinLoaded() Then
        MsgBox MissingAddinMessage(), vbExclamation, TITLE
        Exit Sub
    End If
    If ServiceAlways() Then
        RunService entry
        Exit Sub
    End If
    On Error GoTo Failed
    Application.Run "'" & ADDIN_NAME & "'!RunPython", "import xlsheet.excel; xlsheet.excel." & entry & "()"
    Exit Sub
Failed:
    reason = Err.Description
    Resume Fallback
Fallback:
    On Error GoTo 0
    If ReadToken(port, token) Then
        RunService entry
        Exit Sub
    End If
    MsgBox "调用 Python 失败：" & reason & vbCrLf & vbCrLf & _
        "可能的原因，按常见程度：" & vbCrLf & _
        "1. 没有安装或没有加载 xlwings 加载项（运行 xlsheet setup）；" & vbCrLf & _
        "2. Python 解释器路径不对（「xlwings.conf」表或用户目录下 .xlwings\xlwings.conf 的 Interpreter_Win）；" & vbCrLf & _
        "3. 单位的安全策略禁止 Office 启动子进程：请运行本机服务 xlsheet serve（xlsheet setup 已设置登录时自动启动），" & _
        "按钮会自动改用它。" & vbCrLf & vbCrLf & _
        "可点「环境自检」查看详情；也可以关闭工作簿后在命令行运行：xlsheet recalc 工作簿.xlsm" & vbCrLf & _
        "（或在文件上点右键 → 发送到 → 信息考核重新计算）。", vbExclamation, TITLE
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
