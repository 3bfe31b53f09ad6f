"""The site adapter: the only part of kb_tools that imports MkDocs."""
