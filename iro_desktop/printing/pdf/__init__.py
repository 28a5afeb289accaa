"""The PDF layouts (reportlab): the child's letter and its variants, easy read, the leaflet and
the professional record, with the fonts, icons and building blocks they share."""
