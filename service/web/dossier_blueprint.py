"""The ``dossier_pages`` blueprint, shared by the two modules whose views it serves.

``dossier_pages`` holds the list and the form that creates and edits a dossier; ``dossier_actions``
holds the dossier page and what is done from it. Both decorate their views with this blueprint's
routes, so every dossier endpoint reads ``dossier_pages.<view>`` wherever its view lives.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("dossier_pages", __name__)
DOSSIER = "/dossiers/<int:dossier_id>"
