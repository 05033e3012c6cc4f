"""matplotlib's SVG made fit to sit inline in a page under the strict CSP.

The pages' policy (`style-src 'self'`, workspace/security.py) blocks style attributes and
<style> elements in inline SVG, and matplotlib writes both. Presentation attributes
(`fill="#d55e00"`) are not styles, so each `style="fill: ...; stroke: ..."` becomes attributes
and the <style> element's two rules move to the root, where they are inherited. Also gone: the
XML prolog and DOCTYPE, the RDF metadata, the fixed size (the viewBox makes it scale), and
every id nothing refers to (matplotlib's "figure_1", "axes_1"... would clash with another
figure on the same page).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from markupsafe import Markup

SVG_NS, XLINK_NS = "http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

_PRESENTATION = {"fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity",
                 "stroke-dasharray", "stroke-dashoffset", "stroke-linecap", "stroke-linejoin",
                 "stroke-miterlimit", "opacity", "font-size", "font-weight", "font-style", "text-anchor",
                 "clip-path"}
_GEOMETRY = ("d", "x", "y", "transform")
_LONG_NUMBER = re.compile(r"(\d\.\d\d)\d+")  # 2 decimals of a point are plenty
_SPACES = re.compile(r"\s+")
_NO_TURN = re.compile(r"^rotate\(-?0 [^)]*\)$")  # matplotlib's "rotate(-0 x y)" on level text
_PROLOG = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>")
_REFERENCE = re.compile(r"url\(#([^)]+)\)")


def tag(name: str) -> str:
    return f"{{{SVG_NS}}}{name}"


def parse(svg_text: str) -> ET.Element:
    return ET.fromstring(_PROLOG.sub("", svg_text))  # noqa: S314 - matplotlib's own output, no DTD


def for_the_page(root: ET.Element, *, css_class: str, caption: str, description: str, id_prefix: str) -> Markup:
    """The cleaned SVG as Markup, labelled by a <title> (caption) and <desc> (description)."""
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in (tag("metadata"), tag("style")):
                parent.remove(child)
    referenced = set()
    for element in root.iter():
        for name in _GEOMETRY:
            if name in element.attrib:
                element.set(name, _SPACES.sub(" ", _LONG_NUMBER.sub(r"\1", element.get(name))).strip())
        if _NO_TURN.match(element.get("transform", "")):
            del element.attrib["transform"]
        style = element.attrib.pop("style", None)
        for declaration in (style or "").split(";"):
            name, _, value = declaration.partition(":")
            if name.strip() in _PRESENTATION and value.strip():
                element.set(name.strip(), value.strip())
        for value in element.attrib.values():
            referenced.update(_REFERENCE.findall(value))
        href = element.get(f"{{{XLINK_NS}}}href", "")
        if href.startswith("#"):
            referenced.add(href[1:])
    for element in root.iter():
        if "id" in element.attrib and element.get("id") not in referenced:
            del element.attrib["id"]
    width, height = root.get("viewBox").split()[2:]
    root.set("width", str(round(float(width))))
    root.set("height", str(round(float(height))))
    root.attrib.pop("version", None)
    # what the removed <style> said (`*{stroke-linejoin: round; stroke-linecap: butt}`)
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    root.set("class", css_class)
    root.set("role", "img")
    root.set("aria-labelledby", f"{id_prefix}-title")
    root.set("aria-describedby", f"{id_prefix}-desc")
    title, desc = ET.Element(tag("title"), id=f"{id_prefix}-title"), ET.Element(tag("desc"), id=f"{id_prefix}-desc")
    title.text, desc.text = caption, description
    root.insert(0, desc)
    root.insert(0, title)
    return Markup(ET.tostring(root, encoding="unicode"))  # noqa: S704 - serialised (escaped) by ElementTree
