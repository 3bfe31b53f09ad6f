"""Text for people and for other tools.

- :mod:`.words`: what counts as a word (search, snippets, near duplicates);
- :mod:`.swedish`: Swedish names of types, statuses and organisation kinds,
  dates and ages as Swedish readers write them (the site, the review
  reports and mails, the exports);
- :mod:`.escaping`: untrusted values made safe for each place they are
  written (terminal, HTML, Markdown, GitHub Markdown, vCard, iCalendar).

Imports nothing of kb_tools but the vocabulary (:mod:`kb_tools.fields`).
"""
