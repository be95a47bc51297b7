"""The form's domain: how a cell reads, and what reviewers know about targets, outcomes and text.

``cells`` reads one typed cell; ``figures`` compares figures (target met,
shown precision, restated); ``outcomes`` gives a target's direction and a
prose outcome's band; ``narrative`` finds figures in the report's text.
Plain functions over cells and text: the rule language exposes them.
"""
