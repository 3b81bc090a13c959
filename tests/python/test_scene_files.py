"""Scene files: `tfviz --scene FILE.py` for list, still and render (no display), its errors, and the
window rebuilding a scene when the file is saved (under a virtual X server, driven with xdotool)."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import pytest

import tfviz
from conftest import TFVIZ

SCENE = '''
import tfviz


class Hello(tfviz.Section):
    id = "hello"
    title = "Hello"

    def construct(self):
        self.caption("{caption}")
        m = self.matrix([[1, 2], [3, 4]], label="$M$", role="input")
        self.show(m)
        self.beat("one", "the matrix")
        self.play(tfviz.recolor(m, tfviz.color("weight")))
        self.beat("two", "green now")
        self.play(tfviz.fade_out(m))
        self.beat("three")
{extra}
'''

SECOND = '''

class Second(tfviz.Section):
    id = "second"
    title = "A second section"

    def construct(self):
        self.show(self.text("added on save", size=48))
        self.beat("only")
'''


def write_scene(path, caption="A first caption", extra=""):
    # A new file each time (as editors save), so the watcher sees a new time or size.
    tmp = str(path) + ".tmp"
    with open(tmp, "w") as f:
        f.write(SCENE.format(caption=caption, extra=extra))
    os.replace(tmp, path)


def run(*args):
    env = dict(os.environ, DISPLAY="", WAYLAND_DISPLAY="")
    return subprocess.run([TFVIZ, *args], capture_output=True, text=True, env=env, timeout=120)


def test_list_still_and_render_take_a_scene(tmp_path):
    scene = tmp_path / "hello.py"
    write_scene(scene)
    listed = run("list", "--scene", str(scene))
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].split("\t")[:2] == ["hello", "Hello"]
    assert lines[1].startswith("title\t")  # the built-in tutorial follows

    section = tfviz._scene.sections_of(str(scene))[0]
    t = section.beat_time("two")
    still = run("still", "--scene", str(scene), "--section", "hello", "--time", str(t), "--out",
                str(tmp_path / "cli.png"), "--size", "640x360")
    assert still.returncode == 0, still.stderr
    section.still(t, tmp_path / "py.png", size=(640, 360))
    # The command line and the module draw the same frame.
    assert (tmp_path / "cli.png").read_bytes() == (tmp_path / "py.png").read_bytes()

    rendered = run("render", "--scene", str(scene), "--section", "hello", "--out",
                   str(tmp_path / "out"), "--fps", "5", "--size", "320x180")
    assert rendered.returncode == 0, rendered.stderr
    assert len(os.listdir(tmp_path / "out" / "hello")) == int(section.duration * 5 + 1e-6) + 1
    assert (tmp_path / "out" / "manifest.json").exists()


@pytest.mark.parametrize("body, message", [
    (None, "--scene: '{path}' does not exist"),
    ("import tfviz\nx = 1\n", "defines no section"),
    ("import tfviz\n\n\nclass A(tfviz.Section):\n    id = 'a'\n\n    def construct(self):\n"
     "        self.matrix([[1, 2]], role='purple')\n",
     "--scene: scene.py:8: ValueError: unknown colour role 'purple'"),
    ("import tfviz\nprint(oops)\n", "--scene: scene.py:2: NameError: name 'oops' is not defined"),
    ("import tfviz\ndef broken(:\n", "--scene: scene.py:2: SyntaxError: invalid syntax"),
    ("import tfviz\n\n\nclass A(tfviz.Section):\n    id = 's02-dot-product'\n\n"
     "    def construct(self):\n        self.beat('x')\n",
     "--scene: scene section 's02-dot-product' has the id of a built-in section"),
])
def test_scene_errors_are_one_line_and_exit_2(tmp_path, body, message):
    scene = tmp_path / "scene.py"
    if body is not None:
        scene.write_text(body)
    out = tmp_path / "x.png"
    r = run("still", "--scene", str(scene), "--section", "a", "--time", "0", "--out", str(out))
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert message.format(path=scene) in lines[0]
    assert not out.exists()


def test_scene_must_be_a_python_file(tmp_path):
    r = run("list", "--scene", str(tmp_path / "scene.txt"))
    assert r.returncode == 2 and "--scene: expected a Python file ending in .py" in r.stderr


def free_display():
    for n in range(120, 200):
        if not os.path.exists(f"/tmp/.X11-unix/X{n}") and not os.path.exists(f"/tmp/.X{n}-lock"):
            return n
    raise RuntimeError("no free X display number")


@pytest.fixture
def xserver():
    if not shutil.which("Xvfb") or not shutil.which("xdotool"):
        pytest.skip("needs Xvfb and xdotool (tools/deps installs them)")
    n = free_display()
    server = subprocess.Popen(["Xvfb", f":{n}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        if os.path.exists(f"/tmp/.X11-unix/X{n}"):
            break
        time.sleep(0.05)
    yield f":{n}"
    server.terminate()
    server.wait(timeout=10)


class Window:
    """tfviz --scene in the virtual X server, its stderr read line by line."""

    def __init__(self, display, scene):
        self.env = dict(os.environ, DISPLAY=display)
        self.log = tempfile.TemporaryFile(mode="w+")
        self.proc = subprocess.Popen([TFVIZ, "--scene", str(scene)], stderr=self.log,
                                     stdout=subprocess.DEVNULL, env=self.env)
        self.read = 0

    def wait_for(self, text, timeout=15.0):
        """The first new stderr line containing text, and when it was seen."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.log.seek(self.read)
            for line in self.log.readlines():
                self.read += len(line.encode())
                if text in line:
                    return line.strip(), time.monotonic()
            assert self.proc.poll() is None, "the window closed"
            time.sleep(0.01)
        self.log.seek(0)
        raise AssertionError(f"no line with {text!r} in {timeout} s; stderr:\n{self.log.read()}")

    def key(self, *keys):
        win = subprocess.run(["xdotool", "search", "--sync", "--name", "tfviz"], env=self.env,
                             capture_output=True, text=True, timeout=20).stdout.split()
        for k in keys:
            subprocess.run(["xdotool", "key", "--window", win[0], k], env=self.env, timeout=10)
            time.sleep(0.3)

    def close(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def test_the_window_rebuilds_a_scene_on_save(xserver, tmp_path):
    scene = tmp_path / "live.py"
    write_scene(scene)
    w = Window(xserver, scene)
    try:
        # Walk to the second beat ("two"): the first Right plays the opening to "one" (about a
        # second), the next the recolouring to "two" (a second).
        w.key("Right")
        time.sleep(2.0)
        w.key("Right")
        time.sleep(2.0)
        # Save a new version: another caption and a second section.
        write_scene(scene, caption="A new caption", extra=SECOND)
        line, _ = w.wait_for("rebuilt")  # how fast: tools/bench-python
        assert "live.py: 2 sections rebuilt" in line and "at 'two' of hello" in line, line
        # A Python error: one line with file and line number; the last good version stays.
        scene.write_text("import tfviz\n\n\nclass Hello(tfviz.Section):\n    id = 'hello'\n\n"
                         "    def construct(self):\n        self.caption(missing_name)\n")
        line, _ = w.wait_for("live.py:")
        assert "live.py:8: NameError: name 'missing_name' is not defined" in line, line
        assert w.proc.poll() is None
        # Fixed again: rebuilt, still on the same beat.
        write_scene(scene, caption="Fixed")
        line, _ = w.wait_for("rebuilt")
        assert "1 section rebuilt" in line and "at 'two' of hello" in line, line
    finally:
        w.close()


def test_show_opens_the_live_window_and_returns_when_it_closes(xserver, tmp_path):
    from conftest import BUILD
    scene = tmp_path / "hello.py"
    write_scene(scene)
    code = ("import tfviz\n"
            f"[s] = tfviz.scene_sections({str(scene)!r})\n"
            "tfviz.show(s, frames=20)\n"
            "print('closed', s.id)\n")
    env = dict(os.environ, DISPLAY=xserver, PYTHONPATH=os.path.join(BUILD, "python"))
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "closed hello"
    # Without a display: one clear exception, no crash.
    env["DISPLAY"] = ""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                       timeout=120)
    assert r.returncode == 1 and "RuntimeError" in r.stderr, r.stderr
