"""Views: plain data shaped for every surface (CLI, web, brief) alike; no framework here.

`views/gaps.py` shapes the gap rows (`Gap.to_json()` dicts) into text and CSV cells.
"""
