"""Exit codes of the command line, as linters use them.

* ``0`` (:data:`EXIT_OK`): every input was checked and nothing is at or above
  the failing severity (``--fail-on``, default ``error``);
* ``1`` (:data:`EXIT_FINDINGS`): there are such findings (``test-rules``: an
  example failed);
* ``2`` (:data:`EXIT_ERROR`): bad usage, a broken rule or configuration file,
  or an input that could not be read at all (still reported, and the other
  inputs still checked);
* ``130`` (:data:`EXIT_INTERRUPTED`): stopped with Ctrl-C.
"""

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130
