"""Briefing: offline meeting records, annotations and briefing packs for delegates."""

from briefing import collector as _collector

# First thing: the start's imports and window make tens of thousands of lasting objects and no
# garbage, and the cycle collector walked them again and again (briefing/collector.py).
_collector.begin_start()

# The one place the version is written; packaging, About, PDF metadata and AppStream read it.
__version__ = "0.1.0"

APP_NAME = "Briefing"
# Reverse-DNS application id: .desktop file, AppStream metainfo, QApplication.setDesktopFileName.
APP_ID = "org.briefing.Briefing"
