"""Office PCs: the offline bundle, per-user setup, and the self-check."""

import json
import os
import subprocess
import sys

from helpers import skip_or_fail
from test_cli import xlsheet

from xlsheet import install


def test_the_bundle_for_win_amd64_resolves_with_no_index(tmp_path):
    out = tmp_path / "离线 安装包"
    done = xlsheet("bundle", "--out", out)
    if done.returncode != 0 and "下载" in done.stderr and not os.environ.get("CI"):
        skip_or_fail("the package index cannot be reached from here: " + done.stderr[-200:])
    assert done.returncode == 0, done.stderr
    names = {p.name for p in out.iterdir()}
    assert any(n.startswith("xlsheet-") and n.endswith(".whl") for n in names)
    assert {"workbook_template.xlsm", "安装.cmd"} <= names
    assert any(n.endswith("win_amd64.whl") for n in names)
    script = (out / "安装.cmd").read_text(encoding="utf-8")
    assert "--no-index --find-links ." in script and "--user" in script and "xlsheet setup" in script
    env = dict(os.environ, PIP_CONFIG_FILE=os.devnull)  # nothing but the bundle: no index, no other links
    env.pop("PIP_FIND_LINKS", None)
    dry = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--no-index", "--find-links", str(out),
                          "--only-binary=:all:", "--platform", "win_amd64", "--python-version", "3.11",
                          "--implementation", "cp", "--target", str(tmp_path / "target"), "xlsheet"],
                         capture_output=True, text=True, env=env, timeout=300)
    assert dry.returncode == 0, dry.stderr
    assert "Would install" in dry.stdout and "xlsheet-" in dry.stdout


def test_setup_on_a_profile_writes_the_configuration_and_sendto_and_is_idempotent(tmp_path):
    profile = tmp_path / "Users" / "张 三"
    conf = profile / ".xlwings" / "xlwings.conf"
    conf.parent.mkdir(parents=True)
    conf.write_text('"INTERPRETER_WIN","C:\\\\old\\\\python.exe"\n"SHOW CONSOLE","False"\n', encoding="utf-8")
    done = xlsheet("setup", "--profile", profile)
    assert done.returncode == 0, done.stderr
    sendto = profile / "AppData" / "Roaming" / "Microsoft" / "Windows" / "SendTo" / install.SENDTO_NAME
    first = (conf.read_bytes(), sendto.read_bytes())
    lines = conf.read_text(encoding="utf-8").splitlines()
    python = lines[0].removeprefix('"INTERPRETER_WIN","').removesuffix('"')
    assert lines[1:] == ['"SHOW CONSOLE","False"'] and "old" not in python and os.path.exists(python)
    script = sendto.read_text(encoding="utf-8")
    assert f'"{python}" -m xlsheet recalc "%~1"' in script and "pause" in script
    assert "发送到" in done.stdout and "跳过安装 xlwings 加载项" in done.stdout
    assert xlsheet("setup", "--profile", profile).returncode == 0
    assert (conf.read_bytes(), sendto.read_bytes()) == first


def test_setup_elsewhere_says_what_applies_and_installs_the_wps_parts(tmp_path):
    if os.name == "nt":
        skip_or_fail("on Windows setup installs for real")
    env = dict(os.environ, HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "配置"), PYTHONIOENCODING="utf-8")
    done = subprocess.run([sys.executable, "-m", "xlsheet", "setup"], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 0 and "不是 Windows" in done.stdout
    jsaddons = tmp_path / ".local" / "share" / "Kingsoft" / "wps" / "jsaddons"
    assert (jsaddons / install.WPS_FOLDER / "main.js").exists()
    config = (jsaddons / install.WPS_FOLDER / "config.js").read_text(encoding="utf-8")
    assert json.dumps(str(tmp_path / "配置" / "xlsheet" / "serve.json"), ensure_ascii=False) in config
    entry = (tmp_path / "配置" / "autostart" / install.DESKTOP_NAME).read_text(encoding="utf-8")
    assert f"Exec={sys.executable} -m xlsheet serve" in entry.replace('"', "")
    assert not (tmp_path / "AppData").exists()


PUBLISH = """<?xml version="1.0" encoding="UTF-8"?>
<jsplugins>
  <!-- 单位 OA 的加载项 -->
  <jsplugin name="KeepMe" type="et" url="KeepMe_1.0.0" version="1.0.0" enable="enable_dev" install="null" customDomain=""/>
  <jspluginonline name="OnlineOne" type="wps" url="http://127.0.0.1:3889/" enable="enable" install="null"/>
  <jsplugin name="xlsheet" type="et" url="xlsheet_0.0.1" version="0.0.1" enable="enable_dev" install="null"/>
</jsplugins>
"""


def entries_of(text):
    from lxml import etree

    return [(e.tag, dict(e.attrib)) for e in etree.fromstring(text.encode()) if isinstance(e.tag, str)]


def entries(path):
    return entries_of(path.read_text(encoding="utf-8"))


def test_setup_installs_the_wps_add_in_beside_other_add_ins_and_remove_takes_only_it_out(tmp_path):
    profile = tmp_path / "张 三"
    windows = profile / "AppData" / "Roaming" / "kingsoft" / "wps" / "jsaddons"
    linux = profile / ".local" / "share" / "Kingsoft" / "wps" / "jsaddons"
    windows.mkdir(parents=True)
    (windows / "publish.xml").write_text(PUBLISH, encoding="utf-8")
    (windows / "xlsheet_0.0.1").mkdir()  # an older version of ours
    (windows / "KeepMe_1.0.0").mkdir()
    linux.mkdir(parents=True)
    (linux / "jsplugins.xml").write_text("<jsplugins>\n</jsplugins>\n", encoding="utf-8")
    done = xlsheet("setup", "--profile", profile)
    assert done.returncode == 0, done.stderr
    found = entries(windows / "publish.xml")
    ours = [a for t, a in found if a.get("name") == "xlsheet"]
    assert found[:2] == [e for e in entries_of(PUBLISH) if e[1]["name"] != "xlsheet"]
    folder = windows / install.WPS_FOLDER
    assert ours == [{"name": "xlsheet", "type": "et", "url": folder.as_uri(), "version": install.__version__,
                     "enable": "enable_dev", "install": "null", "customDomain": ""}]
    assert "单位 OA 的加载项" in (windows / "publish.xml").read_text(encoding="utf-8")
    assert sorted(p.name for p in folder.iterdir()) == ["config.js", "index.html", "main.js", "ribbon.xml"]
    assert not (windows / "xlsheet_0.0.1").exists() and (windows / "KeepMe_1.0.0").exists()
    config = (folder / "config.js").read_text(encoding="utf-8")
    assert json.dumps(str(profile / "AppData" / "Local" / "xlsheet" / "serve.json"), ensure_ascii=False) in config
    for listing in ("publish.xml", "jsplugins.xml"):
        assert [a["url"] for t, a in entries(linux / listing)] == [(linux / install.WPS_FOLDER).as_uri()]
    startup = profile / "AppData" / "Roaming" / "Microsoft" / "Windows" / "Start Menu" / "Programs" / "Startup"
    script = (startup / install.STARTUP_NAME).read_bytes()
    assert script.startswith(b"\xff\xfe") and ", 0, False" in script.decode("utf-16")  # window style 0: none
    assert (profile / ".config" / "autostart" / install.DESKTOP_NAME).exists()
    before = {p: p.read_bytes() for p in profile.rglob("*") if p.is_file()}
    assert xlsheet("setup", "--profile", profile).returncode == 0
    assert {p: p.read_bytes() for p in profile.rglob("*") if p.is_file()} == before  # twice: nothing more
    done = xlsheet("setup", "--profile", profile, "--remove")
    assert done.returncode == 0
    assert [a["name"] for t, a in entries(windows / "publish.xml")] == ["KeepMe", "OnlineOne"]
    assert entries(linux / "jsplugins.xml") == []
    assert not folder.exists() and (windows / "KeepMe_1.0.0").exists()
    assert not (startup / install.STARTUP_NAME).exists()


def test_a_broken_publish_xml_is_left_as_it_was_and_named(tmp_path):
    jsaddons = tmp_path / "AppData" / "Roaming" / "kingsoft" / "wps" / "jsaddons"
    jsaddons.mkdir(parents=True)
    (jsaddons / "publish.xml").write_text("<jsplugins><jsplugin name=", encoding="utf-8")
    done = xlsheet("setup", "--profile", tmp_path)
    assert done.returncode == 2 and "不是有效的 XML" in done.stderr and str(jsaddons / "publish.xml") in done.stderr
    assert (jsaddons / "publish.xml").read_text(encoding="utf-8") == "<jsplugins><jsplugin name="


def test_doctor_reports_the_python_side_and_the_book(tmp_path):
    from pathlib import Path

    template = Path(__file__).resolve().parent.parent / "workbook_template.xlsm"
    done = xlsheet("doctor", template)
    assert done.returncode == 0 and "✓ xlsheet" in done.stdout and "全部工作表齐全" in done.stdout
    broken = tmp_path / "OneDrive" / "考核.xlsm"
    broken.parent.mkdir()
    broken.write_bytes(b"not a book")
    done = xlsheet("doctor", broken)
    assert done.returncode == 1 and "OneDrive" in done.stdout and "✗" in done.stdout


def test_setup_and_doctor_compare_the_users_add_in_with_the_packages(tmp_path):
    appdata = tmp_path / "AppData" / "Roaming"
    installed, shipped = install.addin_paths(appdata)
    if shipped is None:
        skip_or_fail("this xlwings package ships no add-in")
    assert install.addin_state(appdata)[0] is False  # none installed yet
    installed.parent.mkdir(parents=True)
    installed.write_bytes(b"an older add-in")
    ok, text = install.addin_state(appdata)
    assert not ok and "版本不一致" in text
    installed.write_bytes(shipped.read_bytes())
    ok, text = install.addin_state(appdata)
    assert ok and "版本一致" in text
    done = xlsheet("setup", "--profile", tmp_path)
    assert "✓ xlwings 加载项与 xlwings 包" in done.stdout
