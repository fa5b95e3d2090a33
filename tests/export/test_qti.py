"""QTI 2.1 package: manifest, items and XHTML checked structurally, element by element.

Schema validation against the IMS QTI 2.1 XSD (imsqti_v2p1.xsd) is blocked here: no package on PyPI or npm
that this machine can reach ships that XSD (checked: citolab-qti-convert, pyslet, qti-package-maker,
text2qti, json2qti, onyx2moodle on PyPI; @citolab/qti-convert, @citolab/qti-components,
@oat-sa/tao-item-runner-qti, @oat-sa/tao-test-runner-qti on npm; nothing in Debian apt), and imsglobal.org
is out of reach. A hand-written schema would only repeat this file's own assumptions, so instead these tests
check explicitly what the schema would: namespaces, required attributes, child order, the XHTML subset QTI allows, block
content directly under itemBody, identifiers as XML names, and every reference resolving.
"""
from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter

import pytest

from study.export.lms import choose_weights, export_id
from study.export.qti import identifier, item_path, write_qti
from study.export.xhtml import QTI_ATTRIBUTES, QTI_ELEMENTS, to_xhtml

from .lms_cases import bundled, choose_two, edge_items, numeric_with_tolerance

QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
ITEM_CHILD_ORDER = ["responseDeclaration", "outcomeDeclaration", "itemBody", "responseProcessing", "modalFeedback"]
BLOCK = {"p", "div", "table", "ul", "ol", "dl", "pre", "blockquote", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
         "choiceInteraction"}
INTERACTION_ATTRIBUTES = {"choiceInteraction": {"responseIdentifier", "shuffle", "maxChoices"},
                          "simpleChoice": {"identifier"}, "textEntryInteraction": {"responseIdentifier", "expectedLength"}}


def unpack(data: bytes) -> dict[str, ET.Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: ET.fromstring(package.read(name)) for name in package.namelist()}


def local(element: ET.Element) -> str:
    assert element.tag.startswith(QTI), f"{element.tag} is outside the QTI namespace"
    return element.tag[len(QTI):]


def check_content(element: ET.Element) -> None:
    """Every element below is a QTI XHTML element or interaction, with only the attributes QTI defines."""
    for child in element.iter():
        if child is element:
            continue
        name = local(child)
        if name in INTERACTION_ATTRIBUTES:
            assert set(child.attrib) <= INTERACTION_ATTRIBUTES[name], (name, child.attrib)
            continue
        assert name in QTI_ELEMENTS, f"<{name}> is not in the QTI XHTML subset"
        allowed = QTI_ATTRIBUTES["*"] | QTI_ATTRIBUTES.get(name, set())
        assert set(child.attrib) <= allowed, (name, child.attrib)
        if name == "img":
            assert "alt" in child.attrib


def check_item(item, root: ET.Element) -> None:
    assert local(root) == "assessmentItem"
    assert {"identifier", "title", "adaptive", "timeDependent"} <= set(root.attrib)
    assert root.get("identifier") == identifier(item) and NCNAME.match(root.get("identifier"))
    order = [local(child) for child in root]
    assert order == sorted(order, key=ITEM_CHILD_ORDER.index), order
    body = root.find(f"{QTI}itemBody")
    assert not (body.text or "").strip() and all(not (c.tail or "").strip() for c in body)
    assert all(local(c) in BLOCK for c in body), [local(c) for c in body]
    check_content(body)
    for feedback in root.findall(f"{QTI}modalFeedback"):
        check_content(feedback)
    response = root.find(f"{QTI}responseDeclaration")
    correct = [v.text for v in response.iter(f"{QTI}value")]
    if item.kind == "numeric":
        assert response.get("baseType") == "float" and float(correct[0]) == item.answer
        assert body.find(f"{QTI}p/{QTI}textEntryInteraction") is not None
        return
    interaction = body.find(f"{QTI}choiceInteraction")
    choices = [c.get("identifier") for c in interaction.findall(f"{QTI}simpleChoice")]
    assert choices == [c.letter for c in item.choices] and interaction.get("shuffle") == "false"
    assert correct == list(item.key_letters) and set(correct) <= set(choices)
    assert int(interaction.get("maxChoices")) == (1 if item.kind == "single" else item.choose)
    feedback_ids = [f.get("identifier") for f in root.findall(f"{QTI}modalFeedback[@outcomeIdentifier='FEEDBACK']")]
    assert feedback_ids == choices


def check_package(items, data: bytes) -> dict[str, ET.Element]:
    files = unpack(data)
    manifest = files.pop("imsmanifest.xml")
    assert manifest.tag == f"{CP}manifest"
    assert manifest.findtext(f"{CP}metadata/{CP}schema") == "QTIv2.1 Package"
    resources = manifest.findall(f"{CP}resources/{CP}resource")
    assert [r.get("href") for r in resources] == [item_path(i) for i in items] == list(files)
    assert all(r.get("type") == "imsqti_item_xmlv2p1" and NCNAME.match(r.get("identifier")) for r in resources)
    assert all(r.find(f"{CP}file").get("href") == r.get("href") for r in resources)
    assert len({r.get("identifier") for r in resources}) == len(resources)
    for item in items:
        check_item(item, files[item_path(item)])
    return files


def test_every_bundled_question_is_a_well_formed_item_in_the_package():
    items = bundled()
    files = check_package(items, write_qti(list(items)))
    kinds = Counter(r.find(f"{QTI}responseDeclaration").get("cardinality") + "/" +
                    r.find(f"{QTI}responseDeclaration").get("baseType") for r in files.values())
    assert kinds == {"single/identifier": 139, "multiple/identifier": 8, "single/float": 27}


@pytest.mark.parametrize("item", edge_items(), ids=lambda i: i.question_id)
def test_edge_cases_are_well_formed_items(item):
    check_package([item], write_qti([item]))


def test_choose_two_maps_shared_weights_and_bounds_the_score():
    item = choose_two()
    root = unpack(write_qti([item]))[item_path(item)]
    mapping = root.find(f"{QTI}responseDeclaration/{QTI}mapping")
    assert (mapping.get("lowerBound"), mapping.get("upperBound")) == ("0", "1")
    values = {e.get("mapKey"): float(e.get("mappedValue")) for e in mapping}
    assert values == pytest.approx({w.letter: w.percent / 100 for w in choose_weights(item)}, abs=1e-5)
    assert sum(v for v in values.values() if v > 0) == pytest.approx(1) and sum(v for v in values.values() if v < 0) == pytest.approx(-1, abs=1e-5)


def test_numeric_tolerance_is_absolute_and_the_fixed_values_are_said():
    item = numeric_with_tolerance()
    root = unpack(write_qti([item]))[item_path(item)]
    equal = root.find(f"{QTI}responseProcessing/{QTI}responseCondition/{QTI}responseIf/{QTI}equal")
    assert (equal.get("toleranceMode"), equal.get("tolerance")) == ("absolute", "0.5 0.5")
    assert "Values fixed for this export: n = 4" in "".join(root.find(f"{QTI}itemBody").itertext())
    assert root.get("title") == export_id(item) == "demo/demo-numeric@n=4"


def test_package_bytes_are_stable_across_exports():
    assert write_qti(list(bundled()[:5])) == write_qti(list(bundled()[:5]))


@pytest.mark.parametrize(("html", "xhtml"), [
    ("<p>a<br>b</p>", "<p>a<br/>b</p>"),
    ('<p><img src="x.png"></p>', '<p><img src="x.png" alt=""/></p>'),
    ('<table><tr><td align="left" title="t">1 &amp; 2</td></tr></table>', "<table><tr><td>1 &amp; 2</td></tr></table>"),
    ("<p><del>old</del> new</p><hr>", "<p>old new</p><hr/>"),
    ('<h2 id="x" class="c">T</h2>', '<h2 class="c">T</h2>'),
    ("<p><em>open", "<p><em>open</em></p>"),
])
def test_sanitized_html_becomes_qti_xhtml(html, xhtml):
    assert to_xhtml(html) == xhtml
    ET.fromstring(f"<root>{to_xhtml(html)}</root>")
