"""Every bound evallint puts on what it reads and on what a rule may do, in one place.

A report, a rule file or an office file may come from anyone: each door checks its
input against the limits below before doing work that grows with it, and an input
beyond a limit is an error that names the input and the limit (never a traceback, a
hang or a run out of memory). docs/security.md explains each limit to users; the
fuzzing campaign (tests/fuzz, bench/fuzz.py) holds the code to them.
"""

from __future__ import annotations

# --- numbers: one policy for every reader (JSON, YAML, office cells, dicts given to lint) ---
MAX_NUMBER_DIGITS = 40
"""Significant digits a number may have (a money amount needs some fifteen)."""
MAX_NUMBER_EXPONENT = 30
"""Largest |exponent| (``1e30``, ``1e-30``) a number may have once normalised: beyond it a
cell is unreadable, not computed with (``1e999999999`` would take minutes to print)."""

# --- reports -----------------------------------------------------------------------------
MAX_REPORT_BYTES = 10 * 1024 * 1024
"""A report file (JSON or YAML), or one line of a .jsonl, read from disk or stdin."""
MAX_REPORT_DEPTH = 100
"""Nesting of objects and lists in a report."""
MAX_REPORT_NODES = 1_000_000
"""Values (objects, lists, scalars) in one report."""
MAX_YAML_EXPLAINED_BYTES = 128 * 1024
"""YAML text (a report or a rule file) whose syntax error is read again by PyYAML's own
parser, to say what and where in the words docs/ uses; a longer text, which that parser
would take seconds over, keeps libyaml's message."""

# --- rule files ----------------------------------------------------------------------------
MAX_RULE_FILE_BYTES = 2 * 1024 * 1024
"""A rule file (``--rules``, ``extends``, a configuration); anything larger is refused unread."""
MAX_EXCERPT_CHARS = 120
"""The most an error message quotes of a file it could not read as a rule file."""
MAX_PACK_ENTRIES = 10_000
"""Files and folders looked at in a folder named as a pack (``--rules``, a configuration);
beyond them the folder is refused as no pack (``--rules /`` would walk the whole disk)."""

# --- the rule language ----------------------------------------------------------------------
MAX_STEPS = 200_000
"""Work one rule may do on one report (all its items together), in evaluation steps."""
MAX_RULE_ERRORS_SHOWN = 1
"""Identical rule errors (same rule, same reason) shown per report; the rest are counted."""
MAX_MATCH_TEXT = 5_000
"""Characters of one text a regular expression (``matches``, ``capture``) or a narrative
function (``mentioned``, ``amounts_after``, ``listed_totals`` …) looks at: the start of it."""
MAX_REGEX_LENGTH = 200
"""Characters of a regular expression in a rule."""
MAX_REGEX_FAN = 5_000
"""Ways a rule's regular expression may match at one place: its bounded repetitions
(``.{0,20}``: 21), optional parts (2) and alternatives that are not distinct words,
multiplied together. ``.{0,99}.{0,99}`` (10,000) is refused when the rule loads."""

# --- office files ----------------------------------------------------------------------------
MAX_OFFICE_BYTES = 20 * 1024 * 1024
"""An .xlsx or .docx file on disk (compressed)."""
MAX_OFFICE_INFLATED_BYTES = 100 * 1024 * 1024
"""All the parts of an office archive together, inflated (a zip bomb stops here)."""
MAX_OFFICE_CELLS = 200_000
"""Cells of a sheet or a table, merged areas counted cell by cell."""
MAX_OFFICE_CELL_CHARS = 100_000
"""Characters of one cell or paragraph of an office file."""
MAX_OFFICE_ROWS = 2000
"""Rows of a sheet or a Word table that are read (a form is a page or two, not a database);
a value below them is an error, empty rows there are passed over."""
MAX_OFFICE_COLUMNS = 60
"""Columns of a sheet or a Word table that are read; a value right of them is an error, and
a merged area or a span reaching past them is cut there."""
MAX_OFFICE_FILE_CELLS = 250_000
"""Cells of all the sheets or tables of one office file together, each grid counted whole (a
form fills a few hundred; two sheets of the most rows and columns read fit)."""
MAX_OFFICE_PARAGRAPHS = 10_000
"""Paragraphs of a Word document's body."""
MAX_OFFICE_PARTS = 1000
"""Members of an office archive (a workbook or document has a few dozen)."""
MAX_OFFICE_XML_TAGS = 500_000
"""XML tags (each ``<``) in all the parts evallint parses, counted before each is parsed: bounds
the time reading takes (a real form's workbook or document has some 5,000 to 100,000)."""
MAX_OFFICE_SHEET_NAME_CHARS = 31
"""Characters of a sheet's name (Excel's own limit): it is part of every cell's address."""
MAX_OFFICE_FORMAT_CHARS = 255
"""Characters of a number format (Excel's own limit); a longer one is read as General."""

# --- batch runs ------------------------------------------------------------------------------
INPUT_SECONDS = 30.0
"""Time one input (a file, a line of .jsonl) may take to read and check in a batch run."""
INPUT_MEMORY_BYTES = 1024 * 1024 * 1024
"""Memory a worker checking one input may use (an address-space limit, where the system
offers one)."""
MAX_BASELINE_BYTES = 100 * 1024 * 1024
"""A ``--baseline`` file: it counts the findings of a whole batch, so it may be larger than
a report (100,000 forms take some 50 MB); its nesting and numbers are bounded too."""
INPUT_KILL_SECONDS = 10.0
"""Time past ``INPUT_SECONDS`` after which a worker process still on the same input (stuck
where the time limit cannot interrupt it, such as inside one C call) is killed and replaced."""
