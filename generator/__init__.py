"""Turn contributors' YAML about streaming error codes into a cross-linked help site.

Pipeline (each step a module with one job, none importing MkDocs except ``plugin``):
``load`` (YAML with line marks, hostile input refused) -> ``schema`` (shape, from the JSON
Schemas in ``content/schema``) -> ``validate`` (cross references, safe text; builds the
``model``) -> ``graph`` (back-links, related codes, checker manifest) -> ``render``
(Jinja2 templates -> Markdown) -> ``plugin`` (hands the pages to MkDocs).
"""
