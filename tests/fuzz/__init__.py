"""The fuzzing campaign of issue 16: hostile and broken input, in the repository.

evallint promises that no input (a report, a cell, an expression, a rule file, an
office file, a batch folder) ends in a traceback, a hang, a run out of memory or
an input lost from the summary. This package holds that promise to account:

* ``strategies/``: Hypothesis strategies whose alphabet is the adversarial values
  of issue 16 (huge exponents, lone surrogates, ``extends: /dev/zero``, merges over
  a whole sheet, FIFOs in a batch folder ...), one module per kind of input;
* ``properties``: what must hold for each kind of input, as one check per category;
* ``harness``: runs a check in a child process, bounded in time and memory, so a
  hang or a memory bomb is measured, not suffered;
* ``test_*``: the checks at a small budget (the ``fuzz-ci`` profile), on every run
  of the test suite.

``bench/fuzz.py`` runs the same strategies and checks at 10⁵ inputs.
"""
