"""Exit codes of the command line, as linters use them.

* ``0`` (:data:`EXIT_OK`): every input was checked and nothing is at or above
  the failing severity (``--fail-on``, default ``error``);
* ``1`` (:data:`EXIT_FINDINGS`): there are such findings (``test-rules``: an
  example failed);
* ``2`` (:data:`EXIT_ERROR`): bad usage, a broken rule or configuration file,
  an input that could not be read at all (still reported, and the other
  inputs still checked), an output that could not be written, or an internal
  error of evallint (a crash must never read as findings);
* ``130`` (:data:`EXIT_INTERRUPTED`): stopped with Ctrl-C.
"""

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130


class InternalError(Exception):
    """A bug of evallint met while handling ``input``; raised ``from`` the original error.

    The command line reports it as an internal error naming the input, with exit
    code :data:`EXIT_ERROR`, never :data:`EXIT_FINDINGS`.
    """

    def __init__(self, input: str) -> None:
        super().__init__(f"internal error while handling {input}")
        self.input = input
