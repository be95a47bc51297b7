"""JUnit XML: one test suite per input, one test case per report × rule."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from evallint.formatters.base import Formatter, Options
from evallint.results import ReportResult, Summary

# Characters XML 1.0 cannot hold in any form (a NUL, most control characters, a lone
# surrogate, U+FFFE/U+FFFF): a report may hold them; the XML shows their escape instead.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


class JunitFormatter(Formatter):
    """A rule that passed on a report is a passing test case; one with findings a failure
    (each finding on a line of the failure text); a rule that could not run an error;
    an unreadable input one errored test case."""

    def __init__(self, options: Options) -> None:
        super().__init__(options)
        self.root = ElementTree.Element("testsuites", name="evallint")
        self.suites: dict[str, ElementTree.Element] = {}

    def _suite(self, name: str) -> ElementTree.Element:
        suite = self.suites.get(name)
        if suite is None:
            suite = ElementTree.SubElement(self.root, "testsuite", name=name)
            self.suites[name] = suite
        return suite

    def report(self, result: ReportResult) -> str:
        suite = self._suite(result.input)
        report_name = result.name
        if result.error is not None:
            case = ElementTree.SubElement(suite, "testcase", classname=report_name, name="load")
            error = ElementTree.SubElement(
                case,
                "error",
                message=result.error.message(self.options.lang),
                type=result.error.code,
            )
            error.text = result.error.describe(self.options.lang)
            return ""
        by_rule: dict[str, list[str]] = {}
        for finding in result.findings:
            cell = f" ({finding.source})" if finding.source else ""
            line = f"{finding.path or '/'}{cell}: {finding.severity}: {finding.message}"
            by_rule.setdefault(finding.rule, []).append(line)
        rule_ids = [tally.rule for tally in result.tallies]
        rule_ids += [rule for rule in by_rule if rule not in rule_ids]
        for rule_id in rule_ids:
            case = ElementTree.SubElement(suite, "testcase", classname=report_name, name=rule_id)
            lines = by_rule.get(rule_id)
            if lines:
                kind = "error" if rule_id == "rule-error" else "failure"
                failure = ElementTree.SubElement(case, kind, message=lines[0], type=rule_id)
                failure.text = "\n".join(lines)
        return ""

    def end(self, summary: Summary) -> str:
        total = failures = errors = 0
        for suite in self.root:
            cases = list(suite)
            suite_failures = sum(1 for c in cases if c.find("failure") is not None)
            suite_errors = sum(1 for c in cases if c.find("error") is not None)
            suite.set("tests", str(len(cases)))
            suite.set("failures", str(suite_failures))
            suite.set("errors", str(suite_errors))
            total += len(cases)
            failures += suite_failures
            errors += suite_errors
        self.root.set("tests", str(total))
        self.root.set("failures", str(failures))
        self.root.set("errors", str(errors))
        ElementTree.indent(self.root)
        body = _xml_safe(ElementTree.tostring(self.root, encoding="unicode"))
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
