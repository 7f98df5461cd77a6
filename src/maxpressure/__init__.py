"""maxpressure: a workbench for maintaining and enforcing the DPRK sanctions regime."""

__version__ = "0.1.0"
