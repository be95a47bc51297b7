"""The command line: one module per command, exit codes in one place.

``main`` parses ``evallint COMMAND ...`` and hands the rest to the command's
module (``check``, ``rules``, ``explain``, ``rule_tests`` for ``test-rules``,
``import_forms`` for ``import``, ``schema``); ``options`` holds what several
commands share; ``exit`` the exit codes.
"""
