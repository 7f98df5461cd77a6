"""Maritime evasion at sea: ship-to-ship transfers, dark periods, loitering, DPRK port calls, identity tampering.

AIS comes in through ``maxpressure.sources.ais`` (normalised ``positions`` and ``statics`` tables);
``engine.detect`` runs every detector in ``events/`` on DuckDB (default) or Spark and returns
``Event`` objects in the JSON-lines format of DESIGN.md. ``simulate`` writes labelled scenarios.
"""
