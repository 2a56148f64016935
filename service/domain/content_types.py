"""The content types the service accepts as attachments and hands out (decisions, templates)."""

from __future__ import annotations

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
JPEG = "image/jpeg"
PNG = "image/png"
# What an attachment may be, in the order the clerk is told.
ATTACHMENT_TYPES = (PDF, DOC, DOCX, XLS, XLSX, JPEG, PNG)
