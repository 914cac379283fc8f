"""Briefing: offline meeting records, annotations and briefing packs for delegates."""

# The one place the version is written; packaging, About, PDF metadata and AppStream read it.
__version__ = "0.1.0"

APP_NAME = "Briefing"
# Reverse-DNS application id: .desktop file, AppStream metainfo, QApplication.setDesktopFileName.
APP_ID = "org.briefing.Briefing"
