"""Seeded generator of realistic 项目支出绩效自评表 reports, correct ones and one-defect variants.

Every form follows the national 2020 template (财预〔2020〕10号) as the check catalogue of
``shared/policy/self-evaluation-rules.md`` (section 4) defines it: funds rows that add up, an
执行率 rounded half up (or truncated) from the exact ratio, scores that add up, weights
10 + 50/30/10, targets typed every way real forms type them and actual values that meet them
(or miss them, with a proportional score and a deviation text that names a cause and a
measure). Numbers are :class:`decimal.Decimal`, never binary floats; the same seed gives
byte-identical output.

Used by the no-noise test (correct forms must raise no error and no warning), the injection
test (``inject`` adds exactly one defect and says which rule must fire where), the batch
benchmark and the ``.jsonl`` memory benchmark.

Run (from the repository root)::

    .venv/bin/python -m tools.formgen --count 2000 --seed 2024 -o /tmp/forms.jsonl
    .venv/bin/python -m tools.formgen --count 200 --defect-rate 0.3 --format dir -o /tmp/forms

``--defect-rate`` gives that fraction of the forms one random defect from ``DEFECTS`` and
marks it in the report's ``x-injected`` key (``{"rule": ..., "path": ...}``).

Python (with the repository root on ``sys.path``)::

    from tools.formgen import DEFECTS, generate_forms, inject
    for form in generate_forms(100, seed=7):           # correct forms
        hit = inject(form, "deviation-missing", rng)   # a new form; hit.rule fires at hit.path

Each injector's docstring names the catalogue check it follows (#1 … #43). Two kinds of
correct spelling need the catalogue's tolerance, not only ``close()``: about 4 % of the forms
truncate the rate or the funds score instead of rounding it (V1), and about 9 % type the
rate as a bare whole number of percent points (``93`` for 92.63 %).

The modules, by job:

* ``vocabulary``: the template's weights and level 2s, and the word pools;
* ``numbers``: exact rounding and truncation, formatting, weighted choices;
* ``typist``: how one person types the cells of one form;
* ``rows`` and ``fill``: the indicator rows, and which filler a row gets;
* ``plan`` and ``funds``: the rows a form has and their points; the funds block;
* ``form``: ``generate_form`` and ``generate_forms``;
* ``narrative``: the report text that agrees with the form;
* ``defects``: ``inject`` and ``DEFECTS``, the injectors by part of the form;
* ``cli``: the command line (``python -m tools.formgen``) and ``dumps``.
"""

from __future__ import annotations

from tools.formgen.cli import dumps, main
from tools.formgen.defects import DEFECTS, Injection, inject
from tools.formgen.form import generate_form, generate_forms
from tools.formgen.narrative import grade_of
from tools.formgen.numbers import round_half_up, truncate
from tools.formgen.vocabulary import RATE_WORDS

__all__ = [
    "DEFECTS",
    "RATE_WORDS",
    "Injection",
    "dumps",
    "generate_form",
    "generate_forms",
    "grade_of",
    "inject",
    "main",
    "round_half_up",
    "truncate",
]
