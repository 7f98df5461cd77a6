"""Views: what every surface shows, as plain data; the CLI, the web and the brief render them.

Between the analyses and the surfaces: a view calls the analyses (through a `Workbench`, which
holds the read-only store and runs slow analyses once, in the background when serving) and
returns dicts and dataclasses that JSON, HTML templates and terminal tables all read. Nothing
here imports a web framework, a template engine or typer, and nothing imports a surface
(`tests/test_layering.py` checks it).

`overview`, `entity` (with `dossier`), `changes`, `gaps` (with `reconciled`), `pressure`,
`network`, `maritime`, `screening`; `parts` says how a part whose analysis is running or failed
shows; `svg` draws the charts both the web and the brief embed.
"""
