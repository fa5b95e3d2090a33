"""QTI 2.1: one assessmentItem per question plus an IMS Content Packaging 1.1 manifest, zipped.

Choice feedback is a modalFeedback shown for the chosen identifiers (FEEDBACK = RESPONSE), the
explanation a modalFeedback always shown after the response. Choices are not shuffled: explanations cite
them by letter. The zip is byte-stable (fixed timestamps), so a re-export of unchanged banks is identical.
"""
from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import quoteattr

from study.content.markdown_html import number

from .items import ExportItem
from .lms import choice_feedback, choose_weights, export_id, general_feedback, variant_note
from .xhtml import markdown_xhtml

QTI_NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
QTI_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
CP_XSD = "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
ITEM_RESOURCE_TYPE = "imsqti_item_xmlv2p1"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
NOT_NAME_CHAR = re.compile(r"[^A-Za-z0-9_.-]")


def identifier(item: ExportItem) -> str:
    """An XML name (NCName) from the stable export id: bank.question, drawn values after an underscore."""
    name = NOT_NAME_CHAR.sub("_", export_id(item).replace("/", ".").replace("=", "-"))
    return name if re.match(r"[A-Za-z_]", name) else f"q_{name}"


def _response_declaration(item: ExportItem) -> str:
    if item.kind == "numeric":
        return ('<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="float">'
                f"<correctResponse><value>{number(item.answer)}</value></correctResponse></responseDeclaration>")
    cardinality = "single" if item.kind == "single" else "multiple"
    values = "".join(f"<value>{letter}</value>" for letter in item.key_letters)
    mapping = ""
    if item.kind == "choose":
        entries = "".join(f'<mapEntry mapKey="{w.letter}" mappedValue="{w.percent / 100:.6g}"/>'
                          for w in choose_weights(item))
        mapping = f'<mapping lowerBound="0" upperBound="1" defaultValue="0">{entries}</mapping>'
    return (f'<responseDeclaration identifier="RESPONSE" cardinality="{cardinality}" baseType="identifier">'
            f"<correctResponse>{values}</correctResponse>{mapping}</responseDeclaration>")


def _declarations(item: ExportItem) -> list[str]:
    feedback_cardinality = "multiple" if item.kind == "choose" else "single"
    return [
        _response_declaration(item),
        '<outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float">'
        "<defaultValue><value>0</value></defaultValue></outcomeDeclaration>",
        '<outcomeDeclaration identifier="MAXSCORE" cardinality="single" baseType="float">'
        "<defaultValue><value>1</value></defaultValue></outcomeDeclaration>",
        f'<outcomeDeclaration identifier="FEEDBACK" cardinality="{feedback_cardinality}" baseType="identifier"/>',
        '<outcomeDeclaration identifier="EXPLANATION" cardinality="single" baseType="identifier"/>',
    ]


def _item_body(item: ExportItem) -> str:
    note = variant_note(item)
    stem = markdown_xhtml(item.stem) + (markdown_xhtml(f"*{note}*") if note else "")
    if item.kind == "numeric":
        interaction = '<p><textEntryInteraction responseIdentifier="RESPONSE" expectedLength="10"/></p>'
    else:
        choices = "".join(f'<simpleChoice identifier="{c.letter}">{markdown_xhtml(c.text)}</simpleChoice>'
                          for c in item.choices)
        interaction = (f'<choiceInteraction responseIdentifier="RESPONSE" shuffle="false" '
                       f'maxChoices="{1 if item.kind == "single" else item.choose}">{choices}</choiceInteraction>')
    return f"<itemBody>{stem}{interaction}</itemBody>"


def _set_score(expression: str) -> str:
    return f'<setOutcomeValue identifier="SCORE">{expression}</setOutcomeValue>'


def _response_processing(item: ExportItem) -> str:
    one = '<baseValue baseType="float">1</baseValue>'
    compare = '<variable identifier="RESPONSE"/><correct identifier="RESPONSE"/>'
    if item.kind == "choose":
        scoring = _set_score('<mapResponse identifier="RESPONSE"/>')
    elif item.kind == "single":
        scoring = f"<responseCondition><responseIf><match>{compare}</match>{_set_score(one)}</responseIf></responseCondition>"
    else:
        tolerance = number(item.tolerance)
        mode = 'toleranceMode="exact"' if not item.tolerance else f'toleranceMode="absolute" tolerance="{tolerance} {tolerance}"'
        scoring = (f"<responseCondition><responseIf><equal {mode}>{compare}</equal>{_set_score(one)}</responseIf>"
                   "</responseCondition>")
    feedback = ('<setOutcomeValue identifier="FEEDBACK"><variable identifier="RESPONSE"/></setOutcomeValue>'
                if item.kind != "numeric" else "")
    explanation = ('<setOutcomeValue identifier="EXPLANATION">'
                   '<baseValue baseType="identifier">EXPLANATION</baseValue></setOutcomeValue>')
    return f"<responseProcessing>{scoring}{feedback}{explanation}</responseProcessing>"


def _modal_feedback(item: ExportItem) -> list[str]:
    per_choice = [f'<modalFeedback outcomeIdentifier="FEEDBACK" identifier="{c.letter}" showHide="show">'
                  f"{markdown_xhtml(choice_feedback(c))}</modalFeedback>" for c in item.choices]
    general = ('<modalFeedback outcomeIdentifier="EXPLANATION" identifier="EXPLANATION" showHide="show">'
               f"{markdown_xhtml(general_feedback(item))}</modalFeedback>")
    return [*per_choice, general]


def item_xml(item: ExportItem) -> str:
    """One assessmentItem document."""
    note = f"\n<!-- {variant_note(item).replace('--', '- -')} -->" if item.params else ""
    head = (f'<?xml version="1.0" encoding="UTF-8"?>{note}\n'
            f'<assessmentItem xmlns="{QTI_NS}" xmlns:xsi="{XSI_NS}" xsi:schemaLocation="{QTI_NS} {QTI_XSD}" '
            f'identifier="{identifier(item)}" title={quoteattr(export_id(item))} adaptive="false" timeDependent="false">')
    body = [*_declarations(item), _item_body(item), _response_processing(item), *_modal_feedback(item)]
    return "\n".join([head, *body, "</assessmentItem>"]) + "\n"


def item_path(item: ExportItem) -> str:
    """Where the item sits inside the package."""
    return f"items/{identifier(item)}.xml"


def manifest_xml(items: list[ExportItem]) -> str:
    """The IMS Content Packaging manifest: one imsqti_item_xmlv2p1 resource per item."""
    resources = "\n".join(
        f'<resource identifier="{identifier(i)}" type="{ITEM_RESOURCE_TYPE}" href="{item_path(i)}">'
        f'<file href="{item_path(i)}"/></resource>' for i in items)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<manifest xmlns="{CP_NS}" xmlns:xsi="{XSI_NS}" xsi:schemaLocation="{CP_NS} {CP_XSD}" '
            f'identifier="study-export">\n'
            "<metadata><schema>QTIv2.1 Package</schema><schemaversion>1.0.0</schemaversion></metadata>\n"
            f"<organizations/>\n<resources>\n{resources}\n</resources>\n</manifest>\n")


def write_qti(items: list[ExportItem]) -> bytes:
    """The zipped package: imsmanifest.xml first, then items/<identifier>.xml."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in [("imsmanifest.xml", manifest_xml(items)), *((item_path(i), item_xml(i)) for i in items)]:
            package.writestr(zipfile.ZipInfo(name, ZIP_TIME), text.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
