Attribute VB_Name = "XlsheetService"
Option Explicit
' 本机服务（xlsheet serve）：Office 不能启动 Python 时（安全策略禁止 Office 创建子进程），按钮经它计算。
' 用 xlwings 加载项自带的 HTTP 客户端 RunServerPython 发送与 xlwings 远程协议相同的工作簿数据，带上令牌；
' 要在工作簿旁读写文件的操作同时发送工作簿的完整路径（请求头 X-Book-Path，UTF-8 百分号编码）。
' 服务回答的操作（写值、清空、激活工作表、提示）由加载项执行。

Private Const ADDIN_NAME As String = "xlwings.xlam"
Private Const TIMEOUT_MS As Long = 600000

Private Function TITLE() As String
    TITLE = "信息考核"
End Function

' xlwings.conf（工作簿中的表、工作簿旁或用户目录下的文件）中 XLSHEET_SERVICE 为 always 时，按钮总是经本机服务计算。
Public Function ServiceAlways() As Boolean
    Dim value As String
    On Error Resume Next
    value = CStr(Application.Run("'" & ADDIN_NAME & "'!GetConfig", "XLSHEET_SERVICE", ""))
    ServiceAlways = (LCase$(Trim$(value)) = "always")
End Function

' 本机服务的令牌文件：%LOCALAPPDATA%\xlsheet\serve.json，内容为 {"port": N, "token": "..."}。
Public Function TokenFilePath() As String
    TokenFilePath = Environ$("LOCALAPPDATA") & "\xlsheet\serve.json"
End Function

' JSON 文本中一个键的值（数字或不含引号的字符串）；没有时为空。
Private Function JsonField(ByVal text As String, ByVal key As String) As String
    Dim i As Long, j As Long
    i = InStr(1, text, """" & key & """")
    If i = 0 Then Exit Function
    i = InStr(i + Len(key) + 2, text, ":")
    If i = 0 Then Exit Function
    i = i + 1
    Do While Mid$(text, i, 1) = " "
        i = i + 1
    Loop
    If Mid$(text, i, 1) = """" Then
        j = InStr(i + 1, text, """")
        If j > 0 Then JsonField = Mid$(text, i + 1, j - i - 1)
    Else
        j = i
        Do While j <= Len(text) And InStr(1, "0123456789", Mid$(text, j, 1)) > 0
            j = j + 1
        Loop
        JsonField = Mid$(text, i, j - i)
    End If
End Function

' 令牌文件中的端口和令牌；文件不存在或读不出时为 False。文件路径可能含中文，用 FileSystemObject 读。
Public Function ReadToken(ByRef port As Long, ByRef token As String) As Boolean
    Dim fso As Object, text As String, portText As String
    On Error GoTo Unreadable
    Set fso = CreateObject("Scripting.FileSystemObject")
    If Not fso.FileExists(TokenFilePath()) Then Exit Function
    text = fso.OpenTextFile(TokenFilePath(), 1).ReadAll
    portText = JsonField(text, "port")
    token = JsonField(text, "token")
    If portText = "" Or token = "" Then Exit Function
    port = CLng(portText)
    ReadToken = True
    Exit Function
Unreadable:
    ReadToken = False
End Function

' 服务是否在运行并用令牌应答（GET /status）。只用于「环境自检」。
Public Function ServiceAnswers(ByVal port As Long, ByVal token As String) As Boolean
    Dim http As Object
    On Error GoTo Unreachable
    Set http = CreateObject("MSXML2.ServerXMLHTTP.6.0")
    http.setTimeouts 2000, 2000, 2000, 2000
    http.Open "GET", "http://127.0.0.1:" & port & "/status", False
    http.setRequestHeader "Authorization", "Bearer " & token
    http.send
    ServiceAnswers = (http.Status = 200)
    Exit Function
Unreachable:
    ServiceAnswers = False
End Function

' 一个字节的 %XX。
Private Function PercentByte(ByVal b As Long) As String
    PercentByte = "%" & Right$("0" & Hex$(b), 2)
End Function

' 文本的 UTF-8 百分号编码（字母、数字和 - . _ ~ 原样保留），与 Python 的 urllib.parse.quote(text, safe="") 相同。
Public Function PercentEncodeUtf8(ByVal text As String) As String
    Dim i As Long, code As Long, low As Long, out As String
    i = 1
    Do While i <= Len(text)
        code = AscW(Mid$(text, i, 1)) And &HFFFF&
        If code >= &HD800& And code <= &HDBFF& And i < Len(text) Then
            low = AscW(Mid$(text, i + 1, 1)) And &HFFFF&
            code = &H10000 + (code - &HD800&) * &H400& + (low - &HDC00&)
            i = i + 1
        End If
        If (code >= 48 And code <= 57) Or (code >= 65 And code <= 90) Or (code >= 97 And code <= 122) _
                Or code = 45 Or code = 46 Or code = 95 Or code = 126 Then
            out = out & ChrW(code)
        ElseIf code < &H80& Then
            out = out & PercentByte(code)
        ElseIf code < &H800& Then
            out = out & PercentByte(&HC0& Or (code \ &H40&)) & PercentByte(&H80& Or (code And &H3F&))
        ElseIf code < &H10000 Then
            out = out & PercentByte(&HE0& Or (code \ &H1000&)) & PercentByte(&H80& Or ((code \ &H40&) And &H3F&)) _
                & PercentByte(&H80& Or (code And &H3F&))
        Else
            out = out & PercentByte(&HF0& Or (code \ &H40000)) & PercentByte(&H80& Or ((code \ &H1000&) And &H3F&)) _
                & PercentByte(&H80& Or ((code \ &H40&) And &H3F&)) & PercentByte(&H80& Or (code And &H3F&))
        End If
        i = i + 1
    Loop
    PercentEncodeUtf8 = out
End Function

' 要在工作簿旁读写文件的操作（与服务的 WRITES_BESIDE_BOOK 相同）。
Private Function NeedsPath(ByVal entry As String) As Boolean
    NeedsPath = (entry = "report" Or entry = "statements" Or entry = "year_end" Or entry = "next_year" _
        Or entry = "doctor")
End Function

Public Function NotRunningMessage() As String
    NotRunningMessage = "信息考核本机服务没有在运行（找不到令牌文件 " & TokenFilePath() & "）。" & vbCrLf & vbCrLf & _
        "请运行 xlsheet serve（或注销后重新登录：xlsheet setup 已设置登录时自动启动），然后再点按钮。" & vbCrLf & _
        "也可以关闭工作簿后在命令行运行：xlsheet recalc 工作簿.xlsm"
End Function

' 经本机服务运行一个按钮的操作（recalculate、check、report……）。
Public Sub RunService(ByVal entry As String)
    Dim port As Long, token As String, headers As Object
    If Not ReadToken(port, token) Then
        MsgBox NotRunningMessage(), vbExclamation, TITLE
        Exit Sub
    End If
    Set headers = CreateObject("Scripting.Dictionary")
    headers.Add "Authorization", "Bearer " & token
    If NeedsPath(entry) Then
        If ThisWorkbook.Path = "" Or InStr(1, ThisWorkbook.FullName, "://") > 0 Then
            MsgBox "这个按钮要在工作簿旁写文件：请先把工作簿保存到本地文件夹，再点按钮。", vbExclamation, TITLE
            Exit Sub
        End If
        headers.Add "X-Book-Path", PercentEncodeUtf8(ThisWorkbook.FullName)
    End If
    On Error GoTo Failed
    Application.Run "'" & ADDIN_NAME & "'!RunServerPython", "http://127.0.0.1:" & port & "/xlwings/" & entry, _
        "", "", "", "", headers, TIMEOUT_MS
    Exit Sub
Failed:
    MsgBox "经本机服务计算失败：" & Err.Description & vbCrLf & vbCrLf & _
        "请确认本机服务在运行（命令行运行 xlsheet serve --status），xlwings 加载项与 xlwings 包版本一致（运行 xlsheet setup），" & _
        "然后再点按钮；也可以关闭工作簿后在命令行运行：xlsheet recalc 工作簿.xlsm", vbExclamation, TITLE
End Sub
