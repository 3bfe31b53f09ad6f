"""Editing in the browser: Decap CMS at ``/admin/`` of the internal site.

- :mod:`.settings`: the ``cms:`` block of the ``kb`` configuration;
- :mod:`.widgets`: one form field per front-matter key, from the models
  ``kb schema`` exports, with the Swedish labels and hints of :mod:`.texts`;
- :mod:`.collections`: Decap's ``config.yml`` for the bank;
- ``static/``: the admin page's scripts, the front-matter format that keeps
  unchanged lines as they were (``kb-frontmatter.js``) and the previews
  (``kb-admin.js``);
- :mod:`.admin`: the files of ``/admin/`` (page, config, scripts), written by
  the MkDocs plugin into the internal build only;
- :mod:`.csp`: what ``/admin/`` needs from a Content-Security-Policy.

Nothing here imports MkDocs; the plugin makes one call, :func:`.admin.write_admin`.
"""
