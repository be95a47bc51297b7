"""evallint's rule language: parse, check and compile an expression once, evaluate it fast.

The pipeline of one expression: ``parser`` (text → lark tree) → ``build``
(→ the typed ``ast``) → ``check`` and ``fields`` (static checks against the
function registry and the report schema) → ``codegen`` (a Python function built
as a syntax tree, calling only ``runtime``: the value model of ``values`` and
the ``functions`` whose code is in ``library``). ``rulecode`` makes a whole
rule one such function, its ``each`` a loop.
:class:`~evallint.dsl.expression.Expression` holds a checked expression;
:func:`~evallint.dsl.expression.compile_expr` makes one.
"""
