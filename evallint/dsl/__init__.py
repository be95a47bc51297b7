"""evallint's rule language: parse, check and compile an expression once, evaluate it fast.

The pipeline of one expression: ``parser`` (text → lark tree) → ``build``
(→ the typed ``ast``) → ``check`` and ``fields`` (static checks against the
function registry and the report schema) → ``optimize`` (parts computed once)
→ ``compile`` (closures over ``values``, calling the ``functions`` whose code
is in ``library``). :class:`~evallint.dsl.expression.Expression` holds the
result; :func:`~evallint.dsl.expression.compile_expr` makes one.
"""
