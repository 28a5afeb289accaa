"""Sending finished records to the council: the outbox, the export bundles, the targets (WebDAV
over HTTPS and a folder) and the inbox the council's caseload extract arrives in."""
