"""Scene files: `tfviz --scene FILE.py` runs the file and shows every section it defines.

A scene file defines sections as classes deriving from tfviz.Section (with an id, a title and
construct()), as section objects at the top level (x = tfviz.explain_attention(...)), or lists them
in SECTIONS = [...] (classes or objects), which then sets their order.
"""

import os
import runpy
import sys
import traceback

from .section import Section


def _sections(namespace, run_name):
    if "SECTIONS" in namespace:
        chosen = list(namespace["SECTIONS"])
    else:
        chosen = []
        for value in namespace.values():
            if isinstance(value, type) and issubclass(value, Section) and \
                    value.__module__ == run_name and not value.__dict__.get("abstract", False):
                chosen.append(value)
            elif isinstance(value, Section):
                chosen.append(value)
    out = []
    for item in chosen:
        if isinstance(item, type) and issubclass(item, Section):
            item = item()
        if not isinstance(item, Section):
            raise TypeError(f"SECTIONS holds {item!r}, which is not a tfviz section")
        out.append(item)
    return out


def describe(error, path):
    """One line: FILE:LINE: Type: message, at the deepest line of the scene file involved."""
    name = os.path.basename(path)
    if isinstance(error, SyntaxError) and error.filename and \
            os.path.abspath(error.filename) == path:
        where = f"{name}:{error.lineno}"
    else:
        where = name
        for frame in traceback.extract_tb(error.__traceback__):
            if os.path.abspath(frame.filename) == path:
                where = f"{name}:{frame.lineno}"
    message = str(error).strip().splitlines()
    if isinstance(error, SyntaxError):
        message = [error.msg or "invalid syntax"]
    text = f"{where}: {type(error).__name__}"
    return text + (f": {message[0]}" if message else "")


def load_scene(path):
    """(scripts, "") with the timeline of every section of the file, or ([], one error line)."""
    path = os.path.abspath(path)
    folder = os.path.dirname(path)
    if folder not in sys.path:
        sys.path.insert(0, folder)  # a scene may import its neighbours, as `python FILE` would
    run_name = "__tfviz_scene__"
    try:
        namespace = runpy.run_path(path, run_name=run_name)
        sections = _sections(namespace, run_name)
        ids = set()
        for s in sections:
            if s.id in ids:
                raise ValueError(f"two sections have the id '{s.id}'")
            ids.add(s.id)
        return [s.build() for s in sections], ""
    except Exception as e:  # the window shows it; the last good sections stay
        return [], describe(e, path)


def sections_of(path):
    """The Section objects a scene file defines (raises what the file raises)."""
    path = os.path.abspath(path)
    run_name = "__tfviz_scene__"
    return _sections(runpy.run_path(path, run_name=run_name), run_name)
