"""What a page must not hold, found when its file is read: a Swedish
personal identity number (KB401, :mod:`.personnummer`) and markup or values
that could run code (KB402, :mod:`.content`).

The model's loader runs these with the front-matter checks (so their
findings are cached with the page); ``kb import`` asks the same before it
writes a page. Escaping what is written out is :mod:`kb_tools.text.escaping`.
"""
